using System.Text.Json.Serialization;

namespace HmsOps.Prometheus;

/// <summary>The envelope of every Prometheus API reply.</summary>
public sealed class PrometheusResponse<T>
{
    /// <summary><c>success</c> or <c>error</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("data")]
    public T? Data { get; init; }

    /// <summary>Set when <see cref="Status"/> is <c>error</c>, e.g. <c>bad_data</c>, <c>execution</c>, <c>timeout</c>.</summary>
    [JsonPropertyName("errorType")]
    public string? ErrorType { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>Problems that did not stop the request, e.g. a remote read that failed.</summary>
    [JsonPropertyName("warnings")]
    public IReadOnlyList<string>? Warnings { get; init; }

    [JsonIgnore]
    public bool IsSuccess => Status == "success";
}

/// <summary>The envelope of an error reply, without data.</summary>
public sealed class PrometheusErrorEnvelope
{
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("errorType")]
    public string? ErrorType { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("warnings")]
    public IReadOnlyList<string>? Warnings { get; init; }
}
