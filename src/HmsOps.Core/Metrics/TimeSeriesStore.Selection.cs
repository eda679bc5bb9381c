using HmsOps.Core.PromQL;
using HmsOps.Core.PromQL.Matching;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics;

/// <summary>Selection by PromQL label matchers, for the query engine and the series/labels API.</summary>
public sealed partial class TimeSeriesStore
{
    /// <summary>The series matching all <paramref name="matchers"/> with at least one sample in [fromMs, toMs].</summary>
    public IReadOnlyList<LabelSet> SelectSeries(IReadOnlyList<LabelMatcher> matchers, long fromMs, long toMs) =>
        SelectSeries(CompiledMatcher.CompileAll(matchers), fromMs, toMs);

    public IReadOnlyList<LabelSet> SelectSeries(IReadOnlyList<CompiledMatcher> matchers, long fromMs, long toMs)
    {
        var result = new List<LabelSet>();
        _lock.EnterReadLock();
        try
        {
            foreach (var series in Candidates(matchers))
            {
                var from = series.Samples.LowerBound(fromMs);
                if (from < series.Samples.Count && series.Samples.TimestampAt(from) <= toMs)
                {
                    result.Add(series.Labels);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
        return result;
    }

    /// <summary>
    /// Copies the samples in [fromMs, toMs] of every series matching all <paramref name="matchers"/> that has any there.
    /// Only the window is copied, under the read lock, so the engine works on a consistent private copy.
    /// </summary>
    public IReadOnlyList<SeriesData> SelectData(IReadOnlyList<CompiledMatcher> matchers, long fromMs, long toMs)
    {
        var result = new List<SeriesData>();
        _lock.EnterReadLock();
        try
        {
            foreach (var series in Candidates(matchers))
            {
                var from = series.Samples.LowerBound(fromMs);
                var to = series.Samples.LowerBound(toMs == long.MaxValue ? toMs : toMs + 1);
                if (to > from)
                {
                    var (timestamps, values) = series.Samples.Copy(from, to);
                    result.Add(new SeriesData(series.Labels, timestamps, values));
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
        return result;
    }

    /// <summary>Series passing every matcher; a metric-name equality uses the name index instead of a scan. Caller holds the lock.</summary>
    private IEnumerable<Series> Candidates(IReadOnlyList<CompiledMatcher> matchers)
    {
        var nameEquality = matchers.FirstOrDefault(m => m.Name == LabelSet.MetricNameLabel && m.Matcher.Op == MatchOp.Equal);
        IEnumerable<List<Series>> lists;
        if (nameEquality is not null)
        {
            lists = _byName.TryGetValue(nameEquality.Matcher.Value, out var named) ? [named] : [];
        }
        else
        {
            var nameMatchers = matchers.Where(m => m.Name == LabelSet.MetricNameLabel).ToArray();
            lists = _byName.Where(pair => nameMatchers.All(m => m.Matches(pair.Key))).Select(pair => pair.Value);
        }
        var labelMatchers = matchers.Where(m => m.Name != LabelSet.MetricNameLabel).ToArray();
        foreach (var list in lists)
        {
            foreach (var series in list)
            {
                if (MatchesAll(series.Labels, nameEquality is null ? labelMatchers : matchers))
                {
                    yield return series;
                }
            }
        }
    }

    private static bool MatchesAll(LabelSet labels, IReadOnlyList<CompiledMatcher> matchers)
    {
        foreach (var matcher in matchers)
        {
            if (!matcher.Matches(labels.Get(matcher.Name) ?? ""))
            {
                return false;
            }
        }
        return true;
    }
}
