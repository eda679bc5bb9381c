using System.Globalization;
using System.Text;

namespace HmsOps.Core.Changes.Canary;

/// <summary>
/// The PromQL the canary analysis runs, and so the contract a deployment provider's services must meet: every
/// request is counted in <c>hms_http_requests_total{service, version, code}</c> (code = HTTP status, 5xx are errors)
/// and timed in the histogram <c>hms_http_request_duration_seconds_bucket{service, version, le}</c>, where
/// <c>version</c> is the version that served it (the stable and the canary one side by side). The demo fleet emits these
/// names already (today without <c>version</c>); Kubernetes workloads must export them with those labels, or be relabelled.
/// </summary>
public static class CanaryQueries
{
    public const string RequestsMetric = "hms_http_requests_total";
    public const string DurationBucketsMetric = "hms_http_request_duration_seconds_bucket";

    /// <summary>Requests per second served by the version.</summary>
    public static string RequestRate(string service, string version, TimeSpan window) =>
        $"sum(rate({RequestsMetric}{{{Selector(service, version)}}}[{Range(window)}]))";

    /// <summary>5xx responses per second served by the version (no series at all means none).</summary>
    public static string ErrorRate(string service, string version, TimeSpan window) =>
        $"sum(rate({RequestsMetric}{{{Selector(service, version)},code=~\"5..\"}}[{Range(window)}]))";

    /// <summary>95th percentile of request duration, in seconds.</summary>
    public static string P95(string service, string version, TimeSpan window) =>
        $"histogram_quantile(0.95, sum by (le) (rate({DurationBucketsMetric}{{{Selector(service, version)}}}[{Range(window)}])))";

    private static string Selector(string service, string version) => $"service=\"{Escape(service)}\",version=\"{Escape(version)}\"";

    /// <summary>A PromQL duration in whole seconds (the smallest unit every source accepts).</summary>
    internal static string Range(TimeSpan window) =>
        Math.Max(1, (long)Math.Ceiling(window.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    private static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => @"\\",
                '"' => "\\\"",
                '\n' => @"\n",
                _ => c.ToString(),
            });
        }
        return text.ToString();
    }
}
