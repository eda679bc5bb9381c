namespace HmsOps.Core.Radar;

/// <summary>
/// The radar's per-service limits. Section <c>Radar</c>. What the radar shows (queries, time range, refresh) is
/// the dashboard <c>dashboards/radar.json</c>; these limits become the red steps of its p95 and error panels.
/// </summary>
public sealed class RadarOptions
{
    public const string Section = "Radar";

    /// <summary>Named in the radar's empty state: the metrics the radar dashboard reads.</summary>
    public string LatencyMetric { get; set; } = "hms_http_request_duration_seconds";

    public string RequestsMetric { get; set; } = "hms_http_requests_total";

    public ServiceThresholds DefaultThresholds { get; set; } = new();

    /// <summary>Per-service limits; the services themselves come from the radar dashboard's <c>service</c> variable.</summary>
    public Dictionary<string, ServiceThresholds> Services { get; set; } = new(StringComparer.Ordinal);

    public ServiceThresholds ThresholdsFor(string service) =>
        Services.TryGetValue(service, out var own) ? own : DefaultThresholds;
}

public sealed class ServiceThresholds
{
    /// <summary>The card turns red when p95 latency reaches this (Grafana's thresholds: value ≥ step).</summary>
    public double LatencyP95ThresholdSeconds { get; set; } = 1.0;

    /// <summary>The card turns red when the share of 5xx responses reaches this (0..1).</summary>
    public double ErrorRateThreshold { get; set; } = 0.05;
}
