namespace HmsOps.Bench.Ingest;

public enum EventMix
{
    Mixed,
    Metrics,
    Logs,
    Spans,
}

public enum EndpointChoice
{
    Both,
    Ingest,
    Noop,
}

public sealed record BenchOptions
{
    public required Uri Url { get; init; }
    public required string ApiKey { get; init; }
    public required TimeSpan Duration { get; init; }
    public required TimeSpan Warmup { get; init; }
    public required int Clients { get; init; }
    public required int BatchSize { get; init; }
    public required EventMix Mix { get; init; }
    public required EndpointChoice Endpoint { get; init; }
    public int? ServerPid { get; init; }
    public FileInfo? LatencyCsv { get; init; }
    public double MinEventsPerSecond { get; init; }
    public double MinNoopRatio { get; init; }

    /// <summary>Distinct pre-generated bodies each client cycles through.</summary>
    public int BodiesPerClient { get; init; } = 16;
}
