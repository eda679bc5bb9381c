using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Traces.Waterfall;

/// <summary>A stretch of a span that lies on the trace's critical path, in absolute unix microseconds.</summary>
public readonly record struct CriticalSegment(long StartMicros, long EndMicros);

/// <summary>
/// One row of the trace tree: a span, or a placeholder standing in for a parent that has not arrived
/// (its orphans hang under it instead of being dropped). Times are after clock-skew adjustment.
/// </summary>
public sealed class WaterfallNode
{
    public const string PlaceholderPrefix = "missing:";

    internal readonly List<WaterfallNode> ChildList = [];
    internal readonly List<CriticalSegment> CriticalList = [];

    internal WaterfallNode(SpanEvent span)
    {
        Span = span;
        Id = span.SpanId;
        StartMicros = span.StartUnixMicros;
        DurationMicros = Math.Max(0, span.DurationMicros);
    }

    internal WaterfallNode(string missingParentId)
    {
        MissingParentId = missingParentId;
        Id = PlaceholderPrefix + missingParentId;
    }

    /// <summary>The span id, or <see cref="PlaceholderPrefix"/> + the missing parent's id for a placeholder.</summary>
    public string Id { get; }

    /// <summary>Null for a placeholder.</summary>
    public SpanEvent? Span { get; }

    public string? MissingParentId { get; }

    public bool IsPlaceholder => Span is null;

    public string Service => Span?.Service ?? "";

    public string Name => Span?.Name ?? "missing span " + MissingParentId;

    public WaterfallNode? Parent { get; internal set; }

    /// <summary>In display order: by adjusted start time, then span id.</summary>
    public IReadOnlyList<WaterfallNode> Children => ChildList;

    public int Depth { get; internal set; }

    /// <summary>Absolute unix microseconds, after clock-skew adjustment.</summary>
    public long StartMicros { get; internal set; }

    public long DurationMicros { get; internal set; }

    public long EndMicros => StartMicros + DurationMicros;

    /// <summary>
    /// How far this span (with its subtree) was moved to sit inside its parent: positive when it started before
    /// the parent, negative when a synchronous server span ended after its client. Zero when not adjusted.
    /// </summary>
    public long SkewShiftMicros { get; internal set; }

    public bool IsSkewAdjusted => SkewShiftMicros != 0;

    public bool IsError => Span?.Status == SpanStatus.Error;

    /// <summary>Index into the palette (0 … <see cref="ServiceColors.PaletteSize"/> − 1); placeholders are −1.</summary>
    public int ServiceColor { get; internal set; } = -1;

    /// <summary>Every node below this one (what collapsing it hides).</summary>
    public int DescendantCount { get; internal set; }

    public IReadOnlyList<CriticalSegment> CriticalSegments => CriticalList;

    public bool OnCriticalPath => CriticalList.Count > 0;
}
