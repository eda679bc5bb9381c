namespace HmsOps.Core.Traces.Waterfall;

/// <summary>
/// The critical path: what the request was waiting on at each moment. The standard backwards walk: from a
/// span's end, step into the child that finished last before that point; when a span has no such child, its own
/// stretch back to its start is on the path, and the walk resumes in its parent from the moment it started.
/// Children are clipped to their parent (an async child running past its parent's end only counts while the
/// parent was running). Iterative with one cursor per span, so each child is looked at once: linear after sorting.
/// </summary>
internal static class CriticalPath
{
    public static void Mark(WaterfallNode root)
    {
        var cursors = new Dictionary<WaterfallNode, (WaterfallNode[] ByEnd, int Next)>(ReferenceEqualityComparer.Instance);
        var current = root;
        var upper = root.EndMicros;
        var firstVisit = true;
        while (true)
        {
            var child = NextChild(current, upper, firstVisit, cursors);
            if (child is not null)
            {
                var childEnd = Math.Min(child.EndMicros, current.EndMicros);
                if (childEnd < upper)
                {
                    current.CriticalList.Add(new CriticalSegment(childEnd, upper));
                }
                current = child;
                upper = childEnd;
                firstVisit = true;
                continue;
            }
            if (upper >= current.StartMicros)
            {
                current.CriticalList.Add(new CriticalSegment(current.StartMicros, upper));
            }
            if (current == root || current.Parent is null)
            {
                return;
            }
            upper = Math.Max(current.StartMicros, current.Parent.StartMicros);
            current = current.Parent;
            firstVisit = false;
        }
    }

    /// <summary>
    /// The child finishing last at or before <paramref name="upper"/> (strictly before when returning from a
    /// child, which finished at its own end). Only ever moves forward: the bound only falls for a given span.
    /// </summary>
    private static WaterfallNode? NextChild(WaterfallNode span, long upper, bool firstVisit,
        Dictionary<WaterfallNode, (WaterfallNode[] ByEnd, int Next)> cursors)
    {
        if (span.ChildList.Count == 0)
        {
            return null;
        }
        if (!cursors.TryGetValue(span, out var cursor))
        {
            var inside = span.ChildList.Where(c => c.StartMicros < span.EndMicros || c.DurationMicros == 0 && c.StartMicros <= span.EndMicros);
            cursor = ([.. inside.OrderByDescending(c => Math.Min(c.EndMicros, span.EndMicros)).ThenBy(c => c.Id, StringComparer.Ordinal)], 0);
        }
        var (byEnd, next) = cursor;
        while (next < byEnd.Length)
        {
            var candidate = byEnd[next];
            var end = Math.Min(candidate.EndMicros, span.EndMicros);
            next++;
            if (firstVisit ? end <= upper : end < upper)
            {
                cursors[span] = (byEnd, next);
                return candidate;
            }
        }
        cursors[span] = (byEnd, next);
        return null;
    }
}
