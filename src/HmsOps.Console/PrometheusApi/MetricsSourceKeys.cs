namespace HmsOps.Console.PrometheusApi;

/// <summary>Keys of the keyed <see cref="HmsOps.Core.Metrics.Sources.IMetricsSource"/> registrations.</summary>
public static class MetricsSourceKeys
{
    /// <summary>The embedded store's source, which the Prometheus-compatible API always reads.</summary>
    public const string Embedded = "Embedded";
}
