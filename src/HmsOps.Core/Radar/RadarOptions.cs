namespace HmsOps.Core.Radar;

/// <summary>The live radar. Section <c>Radar</c>.</summary>
public sealed class RadarOptions
{
    public const string Section = "Radar";

    /// <summary>How often the radar is computed (once for all viewers) and pushed.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How much history the heatmap and error-rate line show.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Width of one heatmap column.</summary>
    public TimeSpan HeatmapStep { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Window of the current p50/p95/p99, request rate and error rate (like rate(...[1m])).</summary>
    public TimeSpan CurrentWindow { get; set; } = TimeSpan.FromMinutes(1);

    public string LatencyMetric { get; set; } = "hms_http_request_duration_seconds";

    public string RequestsMetric { get; set; } = "hms_http_requests_total";

    public ServiceThresholds DefaultThresholds { get; set; } = new();

    /// <summary>Services always on the radar, with their thresholds; services seen in the metrics are added.</summary>
    public Dictionary<string, ServiceThresholds> Services { get; set; } = new(StringComparer.Ordinal);

    public ServiceThresholds ThresholdsFor(string service) =>
        Services.TryGetValue(service, out var own) ? own : DefaultThresholds;
}

public sealed class ServiceThresholds
{
    /// <summary>The card turns red when p95 latency is above this.</summary>
    public double LatencyP95ThresholdSeconds { get; set; } = 1.0;

    /// <summary>The card turns red when the share of 5xx responses is above this (0..1).</summary>
    public double ErrorRateThreshold { get; set; } = 0.05;
}
