using System.Globalization;
using System.Text;
using HmsOps.Core.Changes.Canary;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;

namespace HmsOps.Core.Incidents;

/// <summary>
/// Measures an incident's impact through the console's metrics source (embedded or Prometheus) with the request
/// metrics the canary analysis reads (<see cref="CanaryQueries"/>): requests and 5xx over the window as
/// <c>increase(...)</c> of <c>hms_http_requests_total</c>, and p95 of the duration histogram over the same window.
/// </summary>
public sealed class MetricsIncidentImpact(IMetricsSource source, IncidentsOptions options) : IIncidentImpactSource
{
    public async Task<IncidentImpact?> MeasureAsync(Incident incident, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (incident.Services.Count == 0)
        {
            return null;
        }
        var from = incident.OpenedAt;
        var window = to - from < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : to - from;
        var range = Math.Ceiling(window.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        var services = $"service=~\"{string.Join('|', incident.Services.Select(RegexLiteral))}\"";
        try
        {
            var requests = await ScalarAsync($"sum(increase({CanaryQueries.RequestsMetric}{{{services}}}[{range}]))", to, cancellationToken).ConfigureAwait(false);
            var errors = await ScalarAsync($"sum(increase({CanaryQueries.RequestsMetric}{{{services},code=~\"5..\"}}[{range}]))", to, cancellationToken).ConfigureAwait(false);
            var p95 = await ScalarAsync(
                $"histogram_quantile(0.95, sum by (le) (increase({CanaryQueries.DurationBucketsMetric}{{{services}}}[{range}])))", to, cancellationToken).ConfigureAwait(false);
            // No 5xx series at all means no errors, once there were requests to have failed.
            errors ??= requests is > 0 ? 0 : null;
            var burn = IncidentImpact.Burn(requests, errors, window, options.SloTarget, options.SloWindow);
            return new IncidentImpact(from, to, requests, errors, p95, burn);
        }
        catch (MetricsSourceUnavailableException)
        {
            return null;
        }
        catch (PromQLException)
        {
            return null;
        }
    }

    private async Task<double?> ScalarAsync(string query, DateTimeOffset at, CancellationToken ct)
    {
        var value = await source.QueryAsync(query, at, ct).ConfigureAwait(false);
        double? number = value switch
        {
            ScalarResult scalar => scalar.Value,
            VectorResult { Samples.Count: > 0 } vector => vector.Samples[0].Value,
            _ => null,
        };
        return number is { } n && double.IsFinite(n) ? n : null;
    }

    // Service names go inside a PromQL string holding an RE2 regex: escape both the regex and the string.
    private static string RegexLiteral(string service)
    {
        var text = new StringBuilder();
        foreach (var c in service)
        {
            if (".+*?()[]{}|^$\\".Contains(c, StringComparison.Ordinal))
            {
                text.Append(@"\\");
            }
            text.Append(c == '"' ? "\\\"" : c.ToString());
        }
        return text.ToString();
    }
}
