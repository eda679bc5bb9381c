namespace HmsOps.Core.Metrics;

/// <summary>The embedded time-series store's bounds. Section <c>Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>At the bound, an item that would create a new series is rejected (existing series keep accepting samples).</summary>
    public int MaxSeries { get; set; } = 20_000;

    /// <summary>Samples older than this are dropped; it is also how far back ingest accepts timestamps.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// At most one sample per series per slot of this length: later observations in the slot update it.
    /// This bounds memory to MaxSeries x Retention / SampleResolution samples (16 bytes each).
    /// </summary>
    public TimeSpan SampleResolution { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the store is written to disk so the write-ahead log can be truncated.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Bucket upper bounds (seconds or the metric's unit) for timing/histogram metrics without their own.</summary>
    public double[] DefaultBuckets { get; set; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Per-metric bucket upper bounds, keyed by metric name.</summary>
    public Dictionary<string, double[]> Buckets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How far back an instant selector looks for a sample (Prometheus's lookback delta).</summary>
    public TimeSpan LookbackDelta { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A query running longer is cancelled with errorType "timeout".</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most points per series a range query may return, as Prometheus (11,000).</summary>
    public int MaxPoints { get; set; } = 11_000;

    /// <summary>Most samples one query may hold in memory at once, as Prometheus's query.max-samples.</summary>
    public int MaxSamples { get; set; } = 50_000_000;

    /// <summary>Where dashboards and the radar read metrics: the embedded store or a real Prometheus.</summary>
    public MetricsSourceKind Source { get; set; } = MetricsSourceKind.Embedded;

    /// <summary>Used when <see cref="Source"/> is Prometheus.</summary>
    public PrometheusSourceOptions Prometheus { get; set; } = new();

    public double[] BucketsFor(string metricName) =>
        Buckets.TryGetValue(metricName, out var own) && own.Length > 0 ? own : DefaultBuckets;
}

public enum MetricsSourceKind { Embedded, Prometheus }

/// <summary>Section <c>Metrics:Prometheus</c>: the Prometheus server read when <c>Metrics:Source</c> is Prometheus.</summary>
public sealed class PrometheusSourceOptions
{
    public string? BaseUrl { get; set; }

    /// <summary>Per attempt; retries and the circuit breaker sit around it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public string? BearerToken { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }
}
