using System.Globalization;
using System.Text.RegularExpressions;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;

namespace HmsOps.Core.Metrics.Api;

/// <summary>
/// The Prometheus HTTP API v1 read endpoints over a metrics source: parameter checks with Prometheus's own phrases,
/// the query timeout (the request's <c>timeout</c> capped by <see cref="MetricsOptions.QueryTimeout"/>) and the points
/// bound (<see cref="MetricsOptions.MaxPoints"/>), and errors mapped to Prometheus's error types.
/// </summary>
public sealed partial class PrometheusQueryApi(IMetricsSource source, MetricMetadataRegistry metadata, MetricsOptions options, TimeProvider time)
{
    // Prometheus's defaults when series/labels get no start or end: all of time.
    private static readonly DateTimeOffset MinTime = DateTimeOffset.UnixEpoch;
    private static readonly DateTimeOffset MaxTime = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public async Task<ApiReply> QueryAsync(IApiParameters parameters, CancellationToken cancellationToken)
    {
        var timeText = parameters.Get("time");
        var at = time.GetUtcNow();
        if (!string.IsNullOrEmpty(timeText) && !ApiParameters.TryParseTime(timeText, out at))
        {
            return ErrorReply.BadData(ApiParameters.BadOptionalTime("time", timeText));
        }
        if (!TryTimeout(parameters, out var timeout, out var bad))
        {
            return bad;
        }
        var query = parameters.Get("query") ?? "";
        return await RunAsync(timeout, ct => source.QueryAsync(query, at, ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ApiReply> QueryRangeAsync(IApiParameters parameters, CancellationToken cancellationToken)
    {
        var startText = parameters.Get("start");
        if (!ApiParameters.TryParseTime(startText, out var start))
        {
            return ErrorReply.BadData(ApiParameters.BadTime("start", startText));
        }
        var endText = parameters.Get("end");
        if (!ApiParameters.TryParseTime(endText, out var end))
        {
            return ErrorReply.BadData(ApiParameters.BadTime("end", endText));
        }
        if (end < start)
        {
            return ErrorReply.BadData("invalid parameter \"end\": end timestamp must not be before start time");
        }
        var stepText = parameters.Get("step");
        if (!ApiParameters.TryParseDuration(stepText, out var step))
        {
            return ErrorReply.BadData(ApiParameters.BadDuration("step", stepText));
        }
        if (step <= TimeSpan.Zero)
        {
            return ErrorReply.BadData("invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start).Ticks / step.Ticks > options.MaxPoints)
        {
            return ErrorReply.BadData(
                $"exceeded maximum resolution of {options.MaxPoints.ToString("N0", CultureInfo.InvariantCulture)} points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        if (!TryTimeout(parameters, out var timeout, out var bad))
        {
            return bad;
        }
        var query = parameters.Get("query") ?? "";
        return await RunAsync(timeout, ct => source.QueryRangeAsync(query, start, end, step, ct), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ApiReply> SeriesAsync(IApiParameters parameters, CancellationToken cancellationToken)
    {
        var match = parameters.GetAll("match[]");
        if (match.Count == 0)
        {
            return ErrorReply.BadData("no match[] parameter provided");
        }
        if (!TryRange(parameters, out var start, out var end, out var bad))
        {
            return bad;
        }
        return await SelectAsync(async ct => new SeriesReply(await source.SeriesAsync(match, start, end, ct).ConfigureAwait(false)), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<ApiReply> LabelNamesAsync(IApiParameters parameters, CancellationToken cancellationToken)
    {
        if (!TryRange(parameters, out var start, out var end, out var bad))
        {
            return bad;
        }
        var match = parameters.GetAll("match[]");
        return await SelectAsync(async ct => new StringListReply(await source.LabelNamesAsync(match, start, end, ct).ConfigureAwait(false)), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<ApiReply> LabelValuesAsync(string name, IApiParameters parameters, CancellationToken cancellationToken)
    {
        if (!LabelName().IsMatch(name))
        {
            return ErrorReply.BadData($"invalid label name: {ApiParameters.Quote(name)}");
        }
        if (!TryRange(parameters, out var start, out var end, out var bad))
        {
            return bad;
        }
        var match = parameters.GetAll("match[]");
        return await SelectAsync(async ct => new StringListReply(await source.LabelValuesAsync(name, match, start, end, ct).ConfigureAwait(false)), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary><c>/api/v1/metadata</c>: every family the ingest has seen (or only <c>metric</c>), at most <c>limit</c> families.</summary>
    public ApiReply Metadata(IApiParameters parameters)
    {
        var limit = -1;
        var limitText = parameters.Get("limit");
        if (!string.IsNullOrEmpty(limitText) && !int.TryParse(limitText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit))
        {
            return ErrorReply.BadData("limit must be a number");
        }
        var metric = parameters.Get("metric");
        IEnumerable<KeyValuePair<string, string>> families = metadata.All();
        if (!string.IsNullOrEmpty(metric))
        {
            families = families.Where(f => f.Key == metric);
        }
        if (limit >= 0)
        {
            families = families.Take(limit);
        }
        return new MetadataReply(families.ToArray());
    }

    private bool TryTimeout(IApiParameters parameters, out TimeSpan timeout, out ErrorReply bad)
    {
        timeout = options.QueryTimeout;
        bad = null!;
        var text = parameters.Get("timeout");
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (!ApiParameters.TryParseDuration(text, out var asked))
        {
            bad = ErrorReply.BadData(ApiParameters.BadDuration("timeout", text));
            return false;
        }
        // A zero or negative timeout expires at once, as Go's context.WithTimeout does.
        timeout = asked < options.QueryTimeout ? asked : options.QueryTimeout;
        return true;
    }

    private static bool TryRange(IApiParameters parameters, out DateTimeOffset start, out DateTimeOffset end, out ErrorReply bad)
    {
        bad = null!;
        start = MinTime;
        end = MaxTime;
        var startText = parameters.Get("start");
        if (!string.IsNullOrEmpty(startText) && !ApiParameters.TryParseTime(startText, out start))
        {
            bad = ErrorReply.BadData(ApiParameters.BadOptionalTime("start", startText));
            return false;
        }
        var endText = parameters.Get("end");
        if (!string.IsNullOrEmpty(endText) && !ApiParameters.TryParseTime(endText, out end))
        {
            bad = ErrorReply.BadData(ApiParameters.BadOptionalTime("end", endText));
            return false;
        }
        return true;
    }

    private static async Task<ApiReply> RunAsync(TimeSpan timeout, Func<CancellationToken, Task<QueryValue>> run, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        try
        {
            // The source may run synchronously on this thread; the deadline still stops it at its next check.
            return new QueryReply(await run(deadline.Token).ConfigureAwait(false));
        }
        catch (PromQLParseException ex)
        {
            return ErrorReply.BadData($"invalid parameter \"query\": {ex.Message}");
        }
        catch (PromQLException ex) when (ex.ErrorType == QueryErrorType.Canceled && !cancellationToken.IsCancellationRequested)
        {
            // The source saw its token cancelled, but the client is still there: that was our deadline.
            return TimedOut;
        }
        catch (Exception ex) when (Failure(ex, cancellationToken) is { } reply)
        {
            return reply;
        }
    }

    private static async Task<ApiReply> SelectAsync(Func<CancellationToken, Task<ApiReply>> run, CancellationToken cancellationToken)
    {
        try
        {
            return await run(cancellationToken).ConfigureAwait(false);
        }
        catch (PromQLException ex) when (ex.ErrorType == QueryErrorType.BadData)
        {
            return ErrorReply.BadData($"invalid parameter \"match[]\": {ex.Message}");
        }
        catch (Exception ex) when (Failure(ex, cancellationToken) is { } reply)
        {
            return reply;
        }
    }

    private static ErrorReply? Failure(Exception ex, CancellationToken request) => ex switch
    {
        PromQLException promql => new ErrorReply(promql.ErrorType, promql.Message),
        OperationCanceledException when request.IsCancellationRequested => new ErrorReply(QueryErrorType.Canceled, "query was canceled in expression evaluation"),
        OperationCanceledException => TimedOut,
        MetricsSourceUnavailableException unavailable => new ErrorReply(QueryErrorType.Unavailable, unavailable.Message),
        _ => null,
    };

    private static readonly ErrorReply TimedOut = new(QueryErrorType.Timeout, "query timed out in expression evaluation");

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelName();
}
