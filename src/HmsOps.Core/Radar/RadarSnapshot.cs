namespace HmsOps.Core.Radar;

public enum ServiceHealth
{
    /// <summary>No requests in the current window.</summary>
    NoData,
    Ok,

    /// <summary>Over its latency or error-rate threshold.</summary>
    Red,
}

/// <summary>The radar at one instant, computed once per tick and shared by every viewer.</summary>
public sealed record RadarSnapshot(DateTimeOffset At, IReadOnlyList<ServiceRadar> Services)
{
    public static readonly RadarSnapshot Empty = new(DateTimeOffset.MinValue, []);
}

public sealed record ServiceRadar(
    string Service,
    ServiceHealth Health,
    IReadOnlyList<string> Reasons,
    double? P50Seconds,
    double? P95Seconds,
    double? P99Seconds,
    double RequestsPerSecond,
    double? ErrorRatio,
    ServiceThresholds Thresholds,
    Heatmap Heatmap,
    IReadOnlyList<TimePoint> ErrorRatioSeries);

/// <summary>
/// Request counts per latency bucket per time column. <see cref="Counts"/>[row][column]; rows go from
/// the fastest bucket up, and the last row is everything above the highest finite bound.
/// </summary>
public sealed record Heatmap(IReadOnlyList<DateTimeOffset> ColumnEnds, IReadOnlyList<string> RowLabels, double[][] Counts)
{
    public static readonly Heatmap Empty = new([], [], []);

    public double Total => Counts.Sum(row => row.Sum());
}

public readonly record struct TimePoint(DateTimeOffset At, double? Value);
