namespace HmsOps.Prometheus;

/// <summary>Overloads of <see cref="IPrometheusApi"/> that take .NET times and durations.</summary>
public static class PrometheusApiExtensions
{
    public static Task<PrometheusResponse<QueryData>> QueryAsync(
        this IPrometheusApi api,
        string query,
        DateTimeOffset time,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.QueryAsync(query, PrometheusFormat.Time(time), FormatTimeout(timeout), cancellationToken);
    }

    public static Task<PrometheusResponse<QueryData>> QueryRangeAsync(
        this IPrometheusApi api,
        string query,
        DateTimeOffset start,
        DateTimeOffset end,
        TimeSpan step,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.QueryRangeAsync(
            query,
            PrometheusFormat.Time(start),
            PrometheusFormat.Time(end),
            PrometheusFormat.Duration(step),
            FormatTimeout(timeout),
            cancellationToken);
    }

    public static Task<PrometheusResponse<IReadOnlyList<Dictionary<string, string>>>> GetSeriesAsync(
        this IPrometheusApi api,
        IEnumerable<string> match,
        DateTimeOffset start,
        DateTimeOffset end,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.GetSeriesAsync(match, PrometheusFormat.Time(start), PrometheusFormat.Time(end), cancellationToken);
    }

    private static string? FormatTimeout(TimeSpan? timeout) => timeout is { } value ? PrometheusFormat.Duration(value) : null;
}
