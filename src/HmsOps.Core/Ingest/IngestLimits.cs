namespace HmsOps.Core.Ingest;

/// <summary>What the parser accepts, taken from configuration once at start.</summary>
public sealed record IngestLimits
{
    public int MaxEventsPerRequest { get; init; } = 10_000;
    public int MaxLabelsPerMetric { get; init; } = 32;
    public int MaxLabelValueLength { get; init; } = 1_024;
    public int MaxServiceNameLength { get; init; } = 128;
    public TimeSpan MetricBackfillWindow { get; init; } = TimeSpan.FromHours(24);
    public TimeSpan LogAndSpanBackfillWindow { get; init; } = TimeSpan.FromDays(30);
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromMinutes(5);
}
