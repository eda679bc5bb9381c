using HmsOps.Prometheus;

namespace HmsOps.Components.Tests.Alerting;

/// <summary>An <see cref="IPrometheusApi"/> whose <c>/api/v1/alerts</c> answers what the test scripts; nothing else is called.</summary>
internal sealed class ScriptedPrometheus : IPrometheusApi
{
    public Func<IReadOnlyList<PrometheusAlert>> Reply { get; set; } = () => [];

    public Task<PrometheusResponse<AlertsData>> GetAlertsAsync(CancellationToken cancellationToken = default)
    {
        var alerts = Reply(); // throws to simulate an outage
        return Task.FromResult(new PrometheusResponse<AlertsData> { Status = "success", Data = new AlertsData { Alerts = alerts } });
    }

    public Task<PrometheusResponse<QueryData>> QueryAsync(string query, string? time = null, string? timeout = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PrometheusResponse<QueryData>> QueryPostAsync(InstantQueryForm form, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PrometheusResponse<QueryData>> QueryRangeAsync(string query, string start, string end, string step, string? timeout = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PrometheusResponse<QueryData>> QueryRangePostAsync(RangeQueryForm form, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PrometheusResponse<IReadOnlyList<Dictionary<string, string>>>> GetSeriesAsync(IEnumerable<string> match, string? start = null, string? end = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PrometheusResponse<IReadOnlyList<string>>> GetLabelNamesAsync(IEnumerable<string>? match = null, string? start = null, string? end = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PrometheusResponse<IReadOnlyList<string>>> GetLabelValuesAsync(string name, IEnumerable<string>? match = null, string? start = null, string? end = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PrometheusResponse<Dictionary<string, IReadOnlyList<MetricMetadata>>>> GetMetadataAsync(string? metric = null, int? limit = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PrometheusResponse<RulesData>> GetRulesAsync(string? type = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PrometheusResponse<TargetsData>> GetTargetsAsync(string? state = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PrometheusResponse<BuildInfo>> GetBuildInfoAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
