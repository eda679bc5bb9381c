namespace HmsOps.Core.Ingest;

/// <summary>The ingest API and pipeline. Section <c>Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Keys accepted in the X-Api-Key header.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Larger bodies are refused with 413 before they are read whole.</summary>
    public long MaxBodyBytes { get; set; } = 8 * 1024 * 1024;

    public int MaxEventsPerRequest { get; set; } = 10_000;

    /// <summary>Events admitted but not yet durable. Past it, requests get 429 with Retry-After instead of queueing without bound.</summary>
    public int MaxQueuedEvents { get; set; } = 200_000;

    /// <summary>The most events written to the log under one fsync (group commit).</summary>
    public int MaxGroupEvents { get; set; } = 50_000;

    /// <summary>Seconds a client is told to wait after a 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Timestamps further ahead than this are refused.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);
}
