using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using Microsoft.Extensions.Options;

namespace HmsOps.Core.Changes.Canary;

/// <summary>Measures both versions through the configured metrics source (embedded or Prometheus) and asks <see cref="CanaryJudge"/>.</summary>
public sealed class MetricsCanaryAnalyzer(IMetricsSource source, IOptions<ChangesOptions> options, TimeProvider time) : ICanaryAnalyzer
{
    public async Task<CanaryVerdict> AnalyzeAsync(ChangeRecord canary, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        try
        {
            var stable = await MeasureAsync(canary.Service, canary.FromVersion, o.AnalysisWindow, now, cancellationToken).ConfigureAwait(false);
            var candidate = await MeasureAsync(canary.Service, canary.TargetVersion, o.AnalysisWindow, now, cancellationToken).ConfigureAwait(false);
            return CanaryJudge.Judge(stable, candidate, o);
        }
        catch (MetricsSourceUnavailableException ex)
        {
            return CanaryVerdict.Inconclusive(ex.Message);
        }
        catch (PromQLException ex)
        {
            return CanaryVerdict.Inconclusive($"the metrics source refused the analysis query: {ex.Message}");
        }
    }

    private async Task<CanaryMeasurement> MeasureAsync(string service, string version, TimeSpan window, DateTimeOffset now, CancellationToken ct)
    {
        var requests = await ScalarAsync(CanaryQueries.RequestRate(service, version, window), now, ct).ConfigureAwait(false);
        var errors = await ScalarAsync(CanaryQueries.ErrorRate(service, version, window), now, ct).ConfigureAwait(false);
        var p95 = await ScalarAsync(CanaryQueries.P95(service, version, window), now, ct).ConfigureAwait(false);
        double? errorRate = requests is > 0 ? (errors ?? 0) / requests.Value : null;
        return new CanaryMeasurement(version, requests, errorRate, p95);
    }

    /// <summary>The single number a sum() returns; null for an empty result or NaN (no data).</summary>
    private async Task<double?> ScalarAsync(string query, DateTimeOffset now, CancellationToken ct)
    {
        var value = await source.QueryAsync(query, now, ct).ConfigureAwait(false);
        double? number = value switch
        {
            ScalarResult scalar => scalar.Value,
            VectorResult { Samples.Count: > 0 } vector => vector.Samples[0].Value,
            _ => null,
        };
        return number is { } n && double.IsFinite(n) ? n : null;
    }
}
