namespace HmsOps.Bench.PromQL;

/// <summary>The radar's three queries, as the dashboards send them.</summary>
public static class RadarQueries
{
    public static readonly (string Name, string Expr)[] All =
    [
        ("heatmap", "sum by (le) (rate(hms_ach_latency_seconds_bucket[1m]))"),
        ("p95", "histogram_quantile(0.95, sum by (le, service) (rate(hms_ach_latency_seconds_bucket[1m])))"),
        ("error ratio", "sum by (service) (rate(hms_http_requests_total{code=~\"5..\"}[1m])) / sum by (service) (rate(hms_http_requests_total[1m]))"),
    ];
}
