using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics.Sources;

/// <summary>
/// Where PromQL queries go: the embedded store (default) or a real Prometheus (<c>Metrics:Source</c>).
/// A query the source rejects throws <see cref="PromQLException"/>; a source that cannot be reached throws
/// <see cref="MetricsSourceUnavailableException"/>, so callers can keep their last data and say since when.
/// </summary>
public interface IMetricsSource
{
    /// <summary>"Embedded" or "Prometheus".</summary>
    string Name { get; }

    Task<QueryValue> QueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken);

    Task<QueryValue> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken);

    /// <summary>Series with a sample in [start, end] matching any of the selectors (<c>match[]</c>).</summary>
    Task<IReadOnlyList<LabelSet>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> LabelNamesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> LabelValuesAsync(string labelName, IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken);
}

/// <summary>The source did not answer (transport error, 5xx, timeout, circuit open).</summary>
public sealed class MetricsSourceUnavailableException(string source, string message, Exception? inner = null)
    : Exception($"{source} unavailable: {message}", inner)
{
    public string SourceName { get; } = source;
}
