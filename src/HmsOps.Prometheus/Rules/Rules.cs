using System.Text.Json.Serialization;

namespace HmsOps.Prometheus;

public sealed class RulesData
{
    [JsonPropertyName("groups")]
    public IReadOnlyList<RuleGroup> Groups { get; init; } = [];
}

public sealed class RuleGroup
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("file")]
    public string File { get; init; } = "";

    [JsonPropertyName("rules")]
    public IReadOnlyList<PrometheusRule> Rules { get; init; } = [];

    /// <summary>Evaluation interval in seconds.</summary>
    [JsonPropertyName("interval")]
    public double IntervalSeconds { get; init; }

    [JsonPropertyName("limit")]
    public int Limit { get; init; }

    [JsonPropertyName("evaluationTime")]
    public double EvaluationTimeSeconds { get; init; }

    [JsonPropertyName("lastEvaluation")]
    public DateTimeOffset? LastEvaluation { get; init; }
}

/// <summary>
/// An alerting or recording rule (<see cref="Type"/>). The alerting-only members
/// (<see cref="State"/>, <see cref="DurationSeconds"/>, <see cref="Annotations"/>, <see cref="Alerts"/>) stay empty for recording rules.
/// </summary>
public sealed class PrometheusRule
{
    /// <summary><c>alerting</c> or <c>recording</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("query")]
    public string Query { get; init; } = "";

    /// <summary><c>ok</c>, <c>err</c> or <c>unknown</c>.</summary>
    [JsonPropertyName("health")]
    public string Health { get; init; } = "";

    [JsonPropertyName("lastError")]
    public string? LastError { get; init; }

    [JsonPropertyName("evaluationTime")]
    public double EvaluationTimeSeconds { get; init; }

    [JsonPropertyName("lastEvaluation")]
    public DateTimeOffset? LastEvaluation { get; init; }

    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary><c>inactive</c>, <c>pending</c> or <c>firing</c>; alerting rules only.</summary>
    [JsonPropertyName("state")]
    public string? State { get; init; }

    /// <summary>The rule's <c>for</c> in seconds; alerting rules only.</summary>
    [JsonPropertyName("duration")]
    public double? DurationSeconds { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("alerts")]
    public IReadOnlyList<PrometheusAlert>? Alerts { get; init; }

    [JsonIgnore]
    public bool IsAlerting => Type == "alerting";
}
