using Refit;

namespace HmsOps.Prometheus;

/// <summary>
/// The Prometheus HTTP API v1 (https://prometheus.io/docs/prometheus/latest/querying/api/).
/// Parameters are sent as Prometheus reads them: times are RFC 3339 or Unix seconds and durations are
/// Prometheus durations ("15s") or float seconds. <see cref="PrometheusApiExtensions"/> adds overloads
/// that take <see cref="DateTimeOffset"/> and <see cref="TimeSpan"/>.
/// A non-2xx reply throws <see cref="PrometheusApiException"/> when the client is registered with
/// <see cref="PrometheusServiceCollectionExtensions.AddPrometheusApi(Microsoft.Extensions.DependencyInjection.IServiceCollection, Uri)"/>
/// or created with <see cref="PrometheusApiClient.Create"/>.
/// </summary>
public interface IPrometheusApi
{
    [Get("/api/v1/query")]
    Task<PrometheusResponse<QueryData>> QueryAsync(
        string query,
        string? time = null,
        string? timeout = null,
        CancellationToken cancellationToken = default);

    /// <summary>The form-encoded variant: the query travels in the body, so a long query is not bound by URL length limits.</summary>
    [Post("/api/v1/query")]
    Task<PrometheusResponse<QueryData>> QueryPostAsync(
        [Body(BodySerializationMethod.UrlEncoded)] InstantQueryForm form,
        CancellationToken cancellationToken = default);

    [Get("/api/v1/query_range")]
    Task<PrometheusResponse<QueryData>> QueryRangeAsync(
        string query,
        string start,
        string end,
        string step,
        string? timeout = null,
        CancellationToken cancellationToken = default);

    [Post("/api/v1/query_range")]
    Task<PrometheusResponse<QueryData>> QueryRangePostAsync(
        [Body(BodySerializationMethod.UrlEncoded)] RangeQueryForm form,
        CancellationToken cancellationToken = default);

    /// <summary>The label sets of the series that match any of <paramref name="match"/> (sent as repeated <c>match[]</c>).</summary>
    [Get("/api/v1/series")]
    Task<PrometheusResponse<IReadOnlyList<Dictionary<string, string>>>> GetSeriesAsync(
        [AliasAs("match[]")][Query(CollectionFormat.Multi)] IEnumerable<string> match,
        string? start = null,
        string? end = null,
        CancellationToken cancellationToken = default);

    [Get("/api/v1/labels")]
    Task<PrometheusResponse<IReadOnlyList<string>>> GetLabelNamesAsync(
        [AliasAs("match[]")][Query(CollectionFormat.Multi)] IEnumerable<string>? match = null,
        string? start = null,
        string? end = null,
        CancellationToken cancellationToken = default);

    [Get("/api/v1/label/{name}/values")]
    Task<PrometheusResponse<IReadOnlyList<string>>> GetLabelValuesAsync(
        string name,
        [AliasAs("match[]")][Query(CollectionFormat.Multi)] IEnumerable<string>? match = null,
        string? start = null,
        string? end = null,
        CancellationToken cancellationToken = default);

    /// <summary>Metric metadata keyed by metric name; a metric can have several entries when targets disagree.</summary>
    [Get("/api/v1/metadata")]
    Task<PrometheusResponse<Dictionary<string, IReadOnlyList<MetricMetadata>>>> GetMetadataAsync(
        string? metric = null,
        int? limit = null,
        CancellationToken cancellationToken = default);

    [Get("/api/v1/alerts")]
    Task<PrometheusResponse<AlertsData>> GetAlertsAsync(CancellationToken cancellationToken = default);

    /// <param name="type"><c>alert</c> or <c>record</c> to return only that kind of rule; null for both.</param>
    [Get("/api/v1/rules")]
    Task<PrometheusResponse<RulesData>> GetRulesAsync(
        string? type = null,
        CancellationToken cancellationToken = default);

    /// <param name="state"><c>active</c>, <c>dropped</c> or <c>any</c>; null for Prometheus' default (any).</param>
    [Get("/api/v1/targets")]
    Task<PrometheusResponse<TargetsData>> GetTargetsAsync(
        string? state = null,
        CancellationToken cancellationToken = default);

    [Get("/api/v1/status/buildinfo")]
    Task<PrometheusResponse<BuildInfo>> GetBuildInfoAsync(CancellationToken cancellationToken = default);
}
