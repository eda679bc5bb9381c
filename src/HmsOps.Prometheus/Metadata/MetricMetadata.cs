using System.Text.Json.Serialization;

namespace HmsOps.Prometheus;

/// <summary>What a target says about a metric: its type (counter, gauge, histogram, summary, ...), help text and unit.</summary>
public sealed class MetricMetadata
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("help")]
    public string Help { get; init; } = "";

    [JsonPropertyName("unit")]
    public string Unit { get; init; } = "";
}

/// <summary>The reply of <c>/api/v1/status/buildinfo</c>.</summary>
public sealed class BuildInfo
{
    [JsonPropertyName("version")]
    public string Version { get; init; } = "";

    [JsonPropertyName("revision")]
    public string Revision { get; init; } = "";

    [JsonPropertyName("branch")]
    public string Branch { get; init; } = "";

    [JsonPropertyName("buildUser")]
    public string BuildUser { get; init; } = "";

    [JsonPropertyName("buildDate")]
    public string BuildDate { get; init; } = "";

    [JsonPropertyName("goVersion")]
    public string GoVersion { get; init; } = "";
}
