using System.Text.Json.Serialization;

namespace HmsOps.Prometheus;

public sealed class TargetsData
{
    [JsonPropertyName("activeTargets")]
    public IReadOnlyList<ActiveTarget> ActiveTargets { get; init; } = [];

    [JsonPropertyName("droppedTargets")]
    public IReadOnlyList<DroppedTarget> DroppedTargets { get; init; } = [];
}

public sealed class ActiveTarget
{
    /// <summary>The labels before relabelling, <c>__address__</c> and the other <c>__</c> labels included.</summary>
    [JsonPropertyName("discoveredLabels")]
    public IReadOnlyDictionary<string, string> DiscoveredLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>The labels after relabelling, which the target's series carry (job, instance, ...).</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("scrapePool")]
    public string ScrapePool { get; init; } = "";

    [JsonPropertyName("scrapeUrl")]
    public string ScrapeUrl { get; init; } = "";

    [JsonPropertyName("globalUrl")]
    public string GlobalUrl { get; init; } = "";

    [JsonPropertyName("lastError")]
    public string LastError { get; init; } = "";

    /// <summary>Go's zero time (year 1) until the first scrape.</summary>
    [JsonPropertyName("lastScrape")]
    public DateTimeOffset? LastScrape { get; init; }

    [JsonPropertyName("lastScrapeDuration")]
    public double LastScrapeDurationSeconds { get; init; }

    /// <summary><c>up</c>, <c>down</c> or <c>unknown</c>.</summary>
    [JsonPropertyName("health")]
    public string Health { get; init; } = "";

    /// <summary>A Prometheus duration such as <c>15s</c>.</summary>
    [JsonPropertyName("scrapeInterval")]
    public string ScrapeInterval { get; init; } = "";

    [JsonPropertyName("scrapeTimeout")]
    public string ScrapeTimeout { get; init; } = "";
}

public sealed class DroppedTarget
{
    [JsonPropertyName("discoveredLabels")]
    public IReadOnlyDictionary<string, string> DiscoveredLabels { get; init; } = new Dictionary<string, string>();
}
