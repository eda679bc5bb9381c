using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics.Sources;

/// <summary>
/// The default metrics source: PromQL over the embedded store. Queries run on the thread pool so a slow one never
/// blocks a caller's thread; series and label lookups use the store's matcher selection (no match[] = all series).
/// </summary>
public sealed class EmbeddedMetricsSource(PromQLEngine engine, TimeSeriesStore store) : IMetricsSource
{
    public EmbeddedMetricsSource(TimeSeriesStore store, MetricsOptions options)
        : this(new PromQLEngine(store, options), store)
    {
    }

    public string Name => "Embedded";

    public Task<QueryValue> QueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken) =>
        Task.Run(() => engine.Instant(query, time.ToUnixTimeMilliseconds(), cancellationToken), CancellationToken.None);

    public Task<QueryValue> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        Task.Run(() => engine.Range(query, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), (long)step.TotalMilliseconds, cancellationToken),
            CancellationToken.None);

    public Task<IReadOnlyList<LabelSet>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        Completed<IReadOnlyList<LabelSet>>(() => Select(matchers, start, end).ToArray());

    public Task<IReadOnlyList<string>> LabelNamesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        Completed<IReadOnlyList<string>>(() => Select(matchers, start, end)
            .SelectMany(s => s.Pairs.Select(p => p.Key))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray());

    public Task<IReadOnlyList<string>> LabelValuesAsync(string labelName, IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        Completed<IReadOnlyList<string>>(() => Select(matchers, start, end)
            .Select(s => s.Get(labelName))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray());

    /// <summary>Store lookups are quick and in memory: run inline, but report errors through the task as async callers expect.</summary>
    private static Task<T> Completed<T>(Func<T> work)
    {
        try
        {
            return Task.FromResult(work());
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    /// <summary>Series matching any selector (parse errors surface as <see cref="PromQLParseException"/>), in label order.</summary>
    private IEnumerable<LabelSet> Select(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end)
    {
        var from = start.ToUnixTimeMilliseconds();
        var to = end.ToUnixTimeMilliseconds();
        var selectors = matchers.Select(PromQLParser.ParseSelector).ToArray();
        IEnumerable<LabelSet> series = selectors.Length == 0
            ? store.SelectSeries(Array.Empty<LabelMatcher>(), from, to)
            : selectors.SelectMany(s => store.SelectSeries(s.Matchers, from, to)).Distinct();
        return series.OrderBy(s => s.Pairs, LabelPairsComparer.Instance);
    }

    /// <summary>Prometheus's label order: pairwise by name then value, then by length.</summary>
    private sealed class LabelPairsComparer : IComparer<IReadOnlyList<KeyValuePair<string, string>>>
    {
        public static readonly LabelPairsComparer Instance = new();

        public int Compare(IReadOnlyList<KeyValuePair<string, string>>? x, IReadOnlyList<KeyValuePair<string, string>>? y)
        {
            x ??= [];
            y ??= [];
            for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
            {
                var c = string.CompareOrdinal(x[i].Key, y[i].Key);
                if (c == 0)
                {
                    c = string.CompareOrdinal(x[i].Value, y[i].Value);
                }
                if (c != 0)
                {
                    return c;
                }
            }
            return x.Count - y.Count;
        }
    }
}
