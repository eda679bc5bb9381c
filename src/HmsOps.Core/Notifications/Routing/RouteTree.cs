using System.Text;
using HmsOps.Core.Alerting.Matchers;
using HmsOps.Core.PromQL;
using HmsOps.Core.PromQL.Matching;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Notifications.Routing;

/// <summary>
/// One node of the resolved route tree: receiver, grouping and timings already inherited from the parent,
/// matchers compiled. <see cref="Key"/> is Alertmanager's route key (the parent's key, a slash, the sorted matchers).
/// </summary>
public sealed class RouteNode
{
    private readonly IReadOnlyList<CompiledMatcher> _matchers;

    internal RouteNode(string receiver, IReadOnlyList<LabelMatcher> matchers, IReadOnlySet<string> groupBy, bool groupByAll,
        RouteTimings timings, bool @continue, string key, IReadOnlyList<RouteNode> children)
    {
        Receiver = receiver;
        Matchers = matchers;
        _matchers = matchers.Select(CompiledMatcher.Compile).ToList();
        GroupBy = groupBy;
        GroupByAll = groupByAll;
        Timings = timings;
        Continue = @continue;
        Key = key;
        Children = children;
    }

    public string Receiver { get; }

    public IReadOnlyList<LabelMatcher> Matchers { get; }

    public IReadOnlySet<string> GroupBy { get; }

    /// <summary><c>group_by: ['...']</c>: every label groups, so each alert is its own group.</summary>
    public bool GroupByAll { get; }

    public RouteTimings Timings { get; }

    public bool Continue { get; }

    public string Key { get; }

    public IReadOnlyList<RouteNode> Children { get; }

    public bool Matches(LabelSet labels) => _matchers.All(m => m.Matches(labels.Get(m.Name) ?? ""));

    /// <summary>The labels that name the alert's group on this route.</summary>
    public LabelSet GroupLabels(LabelSet labels) =>
        GroupByAll ? labels : LabelSet.From(labels.Pairs.Where(p => GroupBy.Contains(p.Key)));

    /// <summary>Alertmanager's group key: <c>{route key}:{group labels}</c>, labels as <c>{a="1", b="2"}</c>.</summary>
    public string GroupKey(LabelSet groupLabels) =>
        Key + ":{" + string.Join(", ", groupLabels.Pairs.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}=\"{Escape(p.Value)}\"")) + "}";

    internal static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
}

public sealed record RouteTimings(TimeSpan GroupWait, TimeSpan GroupInterval, TimeSpan RepeatInterval)
{
    /// <summary>Alertmanager's defaults.</summary>
    public static readonly RouteTimings Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));
}

/// <summary>
/// Alertmanager's route tree. <see cref="Match"/> walks it depth first: the first matching child takes the alert
/// (later siblings too while the matching ones say <c>continue</c>); a node none of whose children match takes it itself.
/// </summary>
public sealed class RouteTree
{
    public const string GroupByAllMarker = "...";

    private RouteTree(RouteNode root) => Root = root;

    public RouteNode Root { get; }

    /// <exception cref="FormatException">A matcher does not parse (validation reports it first in practice).</exception>
    public static RouteTree Build(RouteOptions root) =>
        new(Build(root, parent: null, RouteTimings.Default, new HashSet<string>(StringComparer.Ordinal), groupByAll: false, receiver: root.Receiver ?? ""));

    /// <summary>The routes that take an alert with these labels, in tree order (never empty: the root takes the rest).</summary>
    public IReadOnlyList<RouteNode> Match(LabelSet labels)
    {
        var result = new List<RouteNode>();
        Match(Root, labels, result);
        return result;
    }

    private static bool Match(RouteNode node, LabelSet labels, List<RouteNode> result)
    {
        if (!node.Matches(labels))
        {
            return false;
        }
        var taken = false;
        foreach (var child in node.Children)
        {
            if (Match(child, labels, result))
            {
                taken = true;
                if (!child.Continue)
                {
                    break;
                }
            }
        }
        if (!taken)
        {
            result.Add(node);
        }
        return true;
    }

    private static RouteNode Build(RouteOptions options, RouteNode? parent, RouteTimings inherited,
        IReadOnlySet<string> inheritedGroupBy, bool groupByAll, string receiver)
    {
        var timings = new RouteTimings(
            options.GroupWait ?? inherited.GroupWait,
            options.GroupInterval ?? inherited.GroupInterval,
            options.RepeatInterval ?? inherited.RepeatInterval);
        var groupBy = inheritedGroupBy;
        if (options.GroupBy is { } own)
        {
            groupByAll = own.Contains(GroupByAllMarker);
            groupBy = own.Where(n => n != GroupByAllMarker).ToHashSet(StringComparer.Ordinal);
        }
        var matchers = MatcherParser.ParseAll(options.Matchers);
        var key = parent is null ? MatchersKey([]) : parent.Key + "/" + MatchersKey(matchers);
        // Children are built after the node's key is known; a placeholder list is filled in below.
        var children = new List<RouteNode>();
        var node = new RouteNode(receiver, matchers, groupBy, groupByAll, timings, options.Continue, key, children);
        foreach (var child in options.Routes)
        {
            children.Add(Build(child, node, timings, groupBy, groupByAll, child.Receiver ?? receiver));
        }
        return node;
    }

    // As Alertmanager: matchers sorted by name, value, then operator, each as name op "value".
    private static string MatchersKey(IReadOnlyList<LabelMatcher> matchers)
    {
        var sorted = matchers
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ThenBy(m => m.Value, StringComparer.Ordinal)
            .ThenBy(m => m.Op);
        var text = new StringBuilder("{");
        text.AppendJoin(",", sorted.Select(m => $"{m.Name}{OpText(m.Op)}\"{RouteNode.Escape(m.Value)}\""));
        return text.Append('}').ToString();
    }

    private static string OpText(MatchOp op) => op switch
    {
        MatchOp.Equal => "=",
        MatchOp.NotEqual => "!=",
        MatchOp.Regex => "=~",
        _ => "!~",
    };
}
