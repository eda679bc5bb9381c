using System.Text.Json.Serialization;

namespace HmsOps.Prometheus;

public sealed class AlertsData
{
    [JsonPropertyName("alerts")]
    public IReadOnlyList<PrometheusAlert> Alerts { get; init; } = [];
}

/// <summary>An active alert: pending or firing.</summary>
public sealed class PrometheusAlert
{
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary><c>pending</c> or <c>firing</c>.</summary>
    [JsonPropertyName("state")]
    public string State { get; init; } = "";

    [JsonPropertyName("activeAt")]
    public DateTimeOffset? ActiveAt { get; init; }

    /// <summary>The value of the alert expression as Prometheus printed it, e.g. <c>1e+00</c>; see <see cref="NumericValue"/>.</summary>
    [JsonPropertyName("value")]
    public string Value { get; init; } = "";

    [JsonIgnore]
    public double NumericValue => PrometheusValue.TryParse(Value, out var value) ? value : double.NaN;
}
