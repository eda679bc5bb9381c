using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Traces.Waterfall;

/// <summary>What the user chose to see: collapsed rows (node ids) and the filter box's text.</summary>
public sealed record WaterfallView(IReadOnlySet<string>? Collapsed = null, string? Filter = null)
{
    public static WaterfallView Default { get; } = new();
}

/// <summary>A stretch of a bar, as fractions of the trace's duration.</summary>
public readonly record struct BarSegment(double Offset, double Width);

/// <summary>
/// One visible row. <see cref="Offset"/> and <see cref="Width"/> are fractions of the trace (0…1) for the bar;
/// the microsecond figures are for labels. <see cref="IsMatch"/> is false for an ancestor shown only to give a
/// filter match its context.
/// </summary>
public sealed record WaterfallRow(
    WaterfallNode Node,
    double Offset,
    double Width,
    long OffsetMicros,
    IReadOnlyList<BarSegment> Critical,
    bool Collapsed,
    int HiddenCount,
    bool IsMatch)
{
    public int Depth => Node.Depth;

    public bool HasChildren => Node.Children.Count > 0;
}

/// <summary>
/// The trace waterfall's geometry: rows in display order with their bars, the time axis and the minimap.
/// Razor only renders this. Building the <see cref="TraceTree"/> is the costly part, so a page keeps the tree
/// and calls <see cref="Create(TraceTree, WaterfallView?)"/> again when the user collapses a row or filters.
/// </summary>
public sealed class WaterfallModel
{
    public const int MinimapLanes = 120;

    private WaterfallModel(TraceTree tree, IReadOnlyList<WaterfallRow> rows, WaterfallFilter? filter, int matchCount)
    {
        Tree = tree;
        Rows = rows;
        Filter = filter;
        MatchCount = matchCount;
        Ticks = TimeAxis.Ticks(tree.DurationMicros);
        Minimap = Waterfall.Minimap.Lanes(rows, MinimapLanes);
    }

    public TraceTree Tree { get; }

    public IReadOnlyList<WaterfallRow> Rows { get; }

    /// <summary>Null when every row is shown (collapse still applies).</summary>
    public WaterfallFilter? Filter { get; }

    /// <summary>Spans matching the filter (ancestors shown for context not counted).</summary>
    public int MatchCount { get; }

    public IReadOnlyList<TimeTick> Ticks { get; }

    public IReadOnlyList<MinimapLane> Minimap { get; }

    public long StartMicros => Tree.StartMicros;

    public long EndMicros => Tree.EndMicros;

    public long DurationMicros => Tree.DurationMicros;

    public static WaterfallModel Create(IReadOnlyList<SpanEvent> spans, WaterfallView? view = null) =>
        Create(TraceTree.Build(spans), view);

    /// <summary>
    /// With a filter, the rows are the matching spans and their ancestors, expanded: a collapsed row would hide
    /// the very match the user typed. Without one, a collapsed row hides its descendants and says how many.
    /// </summary>
    public static WaterfallModel Create(TraceTree tree, WaterfallView? view = null)
    {
        view ??= WaterfallView.Default;
        var filter = WaterfallFilter.Parse(view.Filter);
        var rows = new List<WaterfallRow>();
        if (filter is not null)
        {
            var matches = new HashSet<WaterfallNode>(ReferenceEqualityComparer.Instance);
            var shown = new HashSet<WaterfallNode>(ReferenceEqualityComparer.Instance);
            foreach (var node in tree.Nodes)
            {
                if (!filter.Matches(node))
                {
                    continue;
                }
                matches.Add(node);
                for (var n = node; n is not null && shown.Add(n); n = n.Parent)
                {
                }
            }
            foreach (var node in tree.Nodes)
            {
                if (shown.Contains(node))
                {
                    rows.Add(Row(tree, node, collapsed: false, hidden: 0, matches.Contains(node)));
                }
            }
            return new WaterfallModel(tree, rows, filter, matches.Count);
        }
        var collapsedIds = view.Collapsed ?? new HashSet<string>();
        var nodes = tree.Nodes;
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var collapsed = node.Children.Count > 0 && collapsedIds.Contains(node.Id);
            rows.Add(Row(tree, node, collapsed, collapsed ? node.DescendantCount : 0, isMatch: true));
            if (collapsed)
            {
                // Display order is pre-order, so a node's descendants are exactly the next DescendantCount nodes.
                i += node.DescendantCount;
            }
        }
        return new WaterfallModel(tree, rows, null, 0);
    }

    /// <summary>A fraction of the trace for a point in time; a zero-length trace is all at 0.</summary>
    public static double Fraction(TraceTree tree, long micros) =>
        tree.DurationMicros <= 0 ? 0 : Math.Clamp((double)(micros - tree.StartMicros) / tree.DurationMicros, 0, 1);

    private static WaterfallRow Row(TraceTree tree, WaterfallNode node, bool collapsed, int hidden, bool isMatch)
    {
        var offset = Fraction(tree, node.StartMicros);
        var width = Fraction(tree, node.EndMicros) - offset;
        var critical = node.CriticalSegments.Count == 0
            ? (IReadOnlyList<BarSegment>)[]
            : [.. node.CriticalSegments.Select(s =>
            {
                var start = Fraction(tree, s.StartMicros);
                return new BarSegment(start, Fraction(tree, s.EndMicros) - start);
            })];
        return new WaterfallRow(node, offset, width, node.StartMicros - tree.StartMicros, critical, collapsed, hidden, isMatch);
    }
}
