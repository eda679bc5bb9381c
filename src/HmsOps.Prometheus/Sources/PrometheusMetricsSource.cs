using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace HmsOps.Prometheus;

/// <summary>
/// PromQL against a real Prometheus through <see cref="IPrometheusApi"/>. An error Prometheus answers in its envelope
/// (bad query, execution error, its own timeout) is a <see cref="PromQLException"/> of the same error type; anything that
/// means "no answer" (transport error, 5xx without the envelope, attempt timeout, open circuit) is a
/// <see cref="MetricsSourceUnavailableException"/>, so panels keep their last data and say since when.
/// </summary>
public sealed class PrometheusMetricsSource(IPrometheusApi api) : IMetricsSource
{
    public const string SourceName = "Prometheus";

    public string Name => SourceName;

    public Task<QueryValue> QueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            var reply = await api.QueryPostAsync(new InstantQueryForm { Query = query, Time = PrometheusFormat.Time(time) }, cancellationToken)
                .ConfigureAwait(false);
            return QueryDataConversion.ToQueryValue(Data(reply));
        }, cancellationToken);

    public Task<QueryValue> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            var form = new RangeQueryForm
            {
                Query = query,
                Start = PrometheusFormat.Time(start),
                End = PrometheusFormat.Time(end),
                Step = PrometheusFormat.Duration(step),
            };
            var reply = await api.QueryRangePostAsync(form, cancellationToken).ConfigureAwait(false);
            return QueryDataConversion.ToQueryValue(Data(reply));
        }, cancellationToken);

    public Task<IReadOnlyList<LabelSet>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<LabelSet>>(async () =>
        {
            var reply = await api.GetSeriesAsync(matchers, start, end, cancellationToken).ConfigureAwait(false);
            return Data(reply).Select(QueryDataConversion.ToLabelSet).ToArray();
        }, cancellationToken);

    public Task<IReadOnlyList<string>> LabelNamesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        CallAsync(async () => Data(await api.GetLabelNamesAsync(
            matchers.Count == 0 ? null : matchers, PrometheusFormat.Time(start), PrometheusFormat.Time(end), cancellationToken).ConfigureAwait(false)),
            cancellationToken);

    public Task<IReadOnlyList<string>> LabelValuesAsync(string labelName, IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        CallAsync(async () => Data(await api.GetLabelValuesAsync(
            labelName, matchers.Count == 0 ? null : matchers, PrometheusFormat.Time(start), PrometheusFormat.Time(end), cancellationToken).ConfigureAwait(false)),
            cancellationToken);

    private static T Data<T>(PrometheusResponse<T> reply) =>
        reply.Data ?? throw new PromQLException(QueryErrorType.Internal, $"Prometheus answered '{reply.Status}' without data");

    private static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (PrometheusApiException ex)
        {
            throw new PromQLException(ErrorTypeOf(ex.ErrorType), ex.Error, ex);
        }
        catch (ApiException ex)
        {
            // A reply without Prometheus's envelope: a proxy's error page, a wrong base URL, a server falling over.
            throw new MetricsSourceUnavailableException(SourceName, $"HTTP {(int)ex.StatusCode} {ex.ReasonPhrase}".TrimEnd(), ex);
        }
        catch (Exception ex) when (Unreachable(ex, cancellationToken) is { } reason)
        {
            throw new MetricsSourceUnavailableException(SourceName, reason, ex);
        }
    }

    /// <summary>
    /// Why no answer came, or null for an exception that means something else. Refit wraps transport failures
    /// (ApiRequestException), so the whole chain of inner exceptions is looked at.
    /// </summary>
    private static string? Unreachable(Exception ex, CancellationToken cancellationToken)
    {
        for (var current = ex; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case BrokenCircuitException:
                    return "circuit open after repeated failures";
                case TimeoutRejectedException timeout:
                    return $"no answer within {timeout.Timeout}";
                case HttpRequestException http:
                    return http.Message;
                case OperationCanceledException when !cancellationToken.IsCancellationRequested:
                    return "request timed out"; // HttpClient's own overall timeout
            }
        }
        return null;
    }

    internal static QueryErrorType ErrorTypeOf(string errorType) => errorType switch
    {
        "bad_data" => QueryErrorType.BadData,
        "timeout" => QueryErrorType.Timeout,
        "canceled" => QueryErrorType.Canceled,
        "execution" => QueryErrorType.Execution,
        "unavailable" => QueryErrorType.Unavailable,
        _ => QueryErrorType.Internal,
    };
}
