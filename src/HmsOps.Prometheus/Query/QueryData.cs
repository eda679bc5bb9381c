using System.Text.Json.Serialization;

namespace HmsOps.Prometheus;

public enum QueryResultType
{
    Vector,
    Matrix,
    Scalar,
    String,
}

/// <summary>
/// The <c>data</c> of a query reply. Which member is filled depends on <see cref="ResultType"/>;
/// the others stay empty (lists) or null (scalar and string).
/// </summary>
[JsonConverter(typeof(QueryDataJsonConverter))]
public sealed class QueryData
{
    public required QueryResultType ResultType { get; init; }

    public IReadOnlyList<InstantSample> Vector { get; init; } = [];

    public IReadOnlyList<RangeSeries> Matrix { get; init; } = [];

    public SamplePoint? Scalar { get; init; }

    public StringSample? StringValue { get; init; }
}

/// <summary>One series of an instant vector and its sample at the evaluation time.</summary>
public sealed class InstantSample
{
    /// <summary>The series' labels, <c>__name__</c> included unless the query dropped it.</summary>
    [JsonPropertyName("metric")]
    public IReadOnlyDictionary<string, string> Metric { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("value")]
    public SamplePoint Value { get; init; }
}

/// <summary>One series of a range query and its samples, oldest first.</summary>
public sealed class RangeSeries
{
    [JsonPropertyName("metric")]
    public IReadOnlyDictionary<string, string> Metric { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("values")]
    public IReadOnlyList<SamplePoint> Values { get; init; } = [];
}
