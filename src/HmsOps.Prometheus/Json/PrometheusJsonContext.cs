using System.Text.Json.Serialization;

namespace HmsOps.Prometheus;

/// <summary>
/// The System.Text.Json metadata of every reply type, generated at build time: Refit runs with reflection-based JSON disabled,
/// so a reply type missing here fails with <see cref="NotSupportedException"/> at the first call that returns it.
/// </summary>
// Prometheus leaves out empty members (Go's omitempty); writing does the same, so a reply written again reads the same.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PrometheusResponse<QueryData>))]
[JsonSerializable(typeof(PrometheusResponse<IReadOnlyList<Dictionary<string, string>>>))]
[JsonSerializable(typeof(PrometheusResponse<IReadOnlyList<string>>))]
[JsonSerializable(typeof(PrometheusResponse<Dictionary<string, IReadOnlyList<MetricMetadata>>>))]
[JsonSerializable(typeof(PrometheusResponse<AlertsData>))]
[JsonSerializable(typeof(PrometheusResponse<RulesData>))]
[JsonSerializable(typeof(PrometheusResponse<TargetsData>))]
[JsonSerializable(typeof(PrometheusResponse<BuildInfo>))]
[JsonSerializable(typeof(PrometheusErrorEnvelope))]
// Read by QueryDataJsonConverter through the options it is given.
[JsonSerializable(typeof(IReadOnlyList<InstantSample>))]
[JsonSerializable(typeof(IReadOnlyList<RangeSeries>))]
[JsonSerializable(typeof(SamplePoint))]
[JsonSerializable(typeof(StringSample))]
public sealed partial class PrometheusJsonContext : JsonSerializerContext;
