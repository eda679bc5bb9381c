using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Traces.Waterfall;

/// <summary>
/// The spans of one trace as a tree, built once per read of the trace: parent links, placeholders for parents
/// not received yet, clock-skew adjustment, display order, critical path and service colours. What the user
/// changes (collapse, filter) is applied on top by <see cref="WaterfallModel"/> without rebuilding this.
/// Every step is linear or n·log n, and iterative, so a deep or 50,000-span trace neither stalls nor overflows the stack.
/// </summary>
public sealed class TraceTree
{
    private readonly Dictionary<string, WaterfallNode> _byId;

    private TraceTree(string traceId, List<WaterfallNode> roots, List<WaterfallNode> nodes, Dictionary<string, WaterfallNode> byId)
    {
        TraceId = traceId;
        Roots = roots;
        Nodes = nodes;
        _byId = byId;
        var spans = nodes.Where(n => !n.IsPlaceholder).ToList();
        StartMicros = nodes.Count == 0 ? 0 : nodes.Min(n => n.StartMicros);
        EndMicros = nodes.Count == 0 ? 0 : nodes.Max(n => n.EndMicros);
        SpanCount = spans.Count;
        ErrorCount = spans.Count(n => n.IsError);
        SkewedCount = spans.Count(n => n.IsSkewAdjusted);
        OrphanCount = roots.Where(r => r.IsPlaceholder).Sum(r => r.Children.Count);
        ServiceColors = Waterfall.ServiceColors.Assign(spans.Select(n => n.Service));
        Services = [.. ServiceColors.Keys.Order(StringComparer.Ordinal)];
        foreach (var span in spans)
        {
            span.ServiceColor = ServiceColors[span.Service];
        }
    }

    public string TraceId { get; }

    /// <summary>Top-level rows: root spans and placeholders, by start time.</summary>
    public IReadOnlyList<WaterfallNode> Roots { get; }

    /// <summary>Every node (spans and placeholders) in display order: depth first, children by start time.</summary>
    public IReadOnlyList<WaterfallNode> Nodes { get; }

    public long StartMicros { get; }

    public long EndMicros { get; }

    public long DurationMicros => EndMicros - StartMicros;

    public int SpanCount { get; }

    public int ErrorCount { get; }

    public int SkewedCount { get; }

    /// <summary>Spans whose parent is not in the trace (yet).</summary>
    public int OrphanCount { get; }

    public IReadOnlyList<string> Services { get; }

    public IReadOnlyDictionary<string, int> ServiceColors { get; }

    public WaterfallNode? Find(string id) => _byId.GetValueOrDefault(id);

    public static TraceTree Build(IReadOnlyList<SpanEvent> spans)
    {
        var byId = new Dictionary<string, WaterfallNode>(spans.Count, StringComparer.Ordinal);
        foreach (var span in spans)
        {
            // A span sent twice (a retried export) is one span.
            byId.TryAdd(span.SpanId, new WaterfallNode(span));
        }
        var roots = new List<WaterfallNode>();
        foreach (var node in byId.Values.ToList())
        {
            var parentId = node.Span!.ParentSpanId;
            if (string.IsNullOrEmpty(parentId) || parentId == node.Id)
            {
                roots.Add(node);
                continue;
            }
            if (!byId.TryGetValue(parentId, out var parent))
            {
                var placeholderId = WaterfallNode.PlaceholderPrefix + parentId;
                if (!byId.TryGetValue(placeholderId, out parent))
                {
                    parent = new WaterfallNode(parentId);
                    byId.Add(placeholderId, parent);
                    roots.Add(parent);
                }
            }
            node.Parent = parent;
            parent.ChildList.Add(node);
        }
        BreakCycles(byId.Values, roots);
        AdjustSkew(roots);
        foreach (var placeholder in roots.Where(r => r.IsPlaceholder))
        {
            placeholder.StartMicros = placeholder.ChildList.Min(c => c.StartMicros);
            placeholder.DurationMicros = placeholder.ChildList.Max(c => c.EndMicros) - placeholder.StartMicros;
        }
        var byStart = Comparer<WaterfallNode>.Create((a, b) =>
        {
            var order = a.StartMicros.CompareTo(b.StartMicros);
            return order != 0 ? order : string.CompareOrdinal(a.Id, b.Id);
        });
        roots.Sort(byStart);
        var nodes = Order(roots, byStart);
        foreach (var root in roots)
        {
            CriticalPath.Mark(root);
        }
        return new TraceTree(spans.Count == 0 ? "" : spans[0].TraceId, roots, nodes, byId);
    }

    /// <summary>
    /// Spans whose parent chain loops back on itself (a broken exporter) are reachable from no root; the
    /// earliest of each loop becomes a root so nothing the user sent disappears.
    /// </summary>
    private static void BreakCycles(IEnumerable<WaterfallNode> all, List<WaterfallNode> roots)
    {
        var reached = new HashSet<WaterfallNode>(ReferenceEqualityComparer.Instance);
        foreach (var root in roots)
        {
            Reach(root, reached);
        }
        foreach (var node in all.Where(n => !reached.Contains(n)).OrderBy(n => n.StartMicros).ThenBy(n => n.Id, StringComparer.Ordinal).ToList())
        {
            if (reached.Contains(node))
            {
                continue;
            }
            node.Parent!.ChildList.Remove(node);
            node.Parent = null;
            roots.Add(node);
            Reach(node, reached);
        }
    }

    private static void Reach(WaterfallNode from, HashSet<WaterfallNode> reached)
    {
        var stack = new Stack<WaterfallNode>();
        stack.Push(from);
        while (stack.TryPop(out var node))
        {
            if (!reached.Add(node))
            {
                continue;
            }
            foreach (var child in node.ChildList)
            {
                stack.Push(child);
            }
        }
    }

    /// <summary>
    /// Hosts' clocks disagree, so a server span can appear to start before the client call that caused it.
    /// A child that starts before its parent moves forward to the parent's start; a synchronous server span that
    /// ends after its client moves back to end with it (or, when longer, to start with it). The move carries the
    /// child's subtree along, since those spans share the child's clock.
    /// </summary>
    private static void AdjustSkew(List<WaterfallNode> roots)
    {
        var stack = new Stack<(WaterfallNode Node, long Inherited)>();
        foreach (var root in roots)
        {
            foreach (var child in root.ChildList)
            {
                stack.Push((child, 0));
            }
        }
        while (stack.TryPop(out var item))
        {
            var (node, inherited) = item;
            node.StartMicros = node.Span!.StartUnixMicros + inherited;
            var parent = node.Parent!;
            long own = 0;
            if (!parent.IsPlaceholder)
            {
                if (node.StartMicros < parent.StartMicros)
                {
                    own = parent.StartMicros - node.StartMicros;
                }
                else if (node.EndMicros > parent.EndMicros && IsSynchronousPair(parent, node))
                {
                    own = node.DurationMicros <= parent.DurationMicros
                        ? parent.EndMicros - node.EndMicros
                        : parent.StartMicros - node.StartMicros;
                }
            }
            node.SkewShiftMicros = own;
            node.StartMicros += own;
            foreach (var child in node.ChildList)
            {
                stack.Push((child, inherited + own));
            }
        }
    }

    private static bool IsSynchronousPair(WaterfallNode parent, WaterfallNode child) =>
        parent.Span!.Kind == SpanKind.Client && child.Span!.Kind == SpanKind.Server;

    private static List<WaterfallNode> Order(List<WaterfallNode> roots, IComparer<WaterfallNode> byStart)
    {
        var nodes = new List<WaterfallNode>();
        var stack = new Stack<WaterfallNode>();
        for (var i = roots.Count - 1; i >= 0; i--)
        {
            roots[i].Depth = 0;
            stack.Push(roots[i]);
        }
        while (stack.TryPop(out var node))
        {
            nodes.Add(node);
            node.ChildList.Sort(byStart);
            for (var i = node.ChildList.Count - 1; i >= 0; i--)
            {
                node.ChildList[i].Depth = node.Depth + 1;
                stack.Push(node.ChildList[i]);
            }
        }
        // Pre-order puts every node before its descendants, so summing backwards counts each subtree once.
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            var node = nodes[i];
            node.DescendantCount = node.ChildList.Sum(c => c.DescendantCount + 1);
        }
        return nodes;
    }
}
