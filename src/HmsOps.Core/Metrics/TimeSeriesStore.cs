using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics;

/// <summary>
/// The embedded in-memory time-series store: series (metric name + labels) to timestamped samples,
/// bounded by <see cref="MetricsOptions.MaxSeries"/> and retention. One writer (the ingest pipeline)
/// applies writes; any number of readers copy out the ranges they need.
/// </summary>
public sealed partial class TimeSeriesStore
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Series>> _byName = new(StringComparer.Ordinal);
    private readonly long _resolutionMs;

    public TimeSeriesStore(MetricsOptions options)
    {
        Options = options;
        _resolutionMs = Math.Max(1, (long)options.SampleResolution.TotalMilliseconds);
        Metadata = new MetricMetadataRegistry(options.MaxSeries);
    }

    public MetricsOptions Options { get; }

    /// <summary>The type of each metric family, recorded by the ingest pipeline's expander.</summary>
    public MetricMetadataRegistry Metadata { get; }

    public int SeriesCount
    {
        get
        {
            _lock.EnterReadLock();
            try { return _series.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>True when the series exists already (so a write to it never hits the cardinality bound).</summary>
    public bool Contains(LabelSet series)
    {
        _lock.EnterReadLock();
        try { return _series.ContainsKey(series.Key); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>The write-ahead-log sequence of the newest batch applied (what a snapshot includes).</summary>
    public long LastSequence { get; private set; }

    public void Apply(IReadOnlyList<SeriesWrite> writes, long sequence)
    {
        _lock.EnterWriteLock();
        try
        {
            LastSequence = Math.Max(LastSequence, sequence);
            foreach (var write in writes)
            {
                if (!_series.TryGetValue(write.Series.Key, out var series))
                {
                    series = new Series(write.Series, write.IsCounter);
                    _series.Add(write.Series.Key, series);
                    var name = write.Series.MetricName ?? "";
                    if (!_byName.TryGetValue(name, out var list))
                    {
                        _byName[name] = list = [];
                    }
                    list.Add(series);
                }
                series.Samples.Write(write.TimestampMs, write.Value, series.IsCounter && !write.IsTotal, _resolutionMs);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Copies the samples in [fromMs, toMs] of every series named <paramref name="metricName"/> that passes the filter.
    /// </summary>
    public IReadOnlyList<SeriesData> Select(string metricName, Func<LabelSet, bool>? filter, long fromMs, long toMs)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_byName.TryGetValue(metricName, out var list))
            {
                return [];
            }
            var result = new List<SeriesData>(list.Count);
            foreach (var series in list)
            {
                if (filter is not null && !filter(series.Labels))
                {
                    continue;
                }
                var from = series.Samples.LowerBound(fromMs);
                var to = toMs == long.MaxValue ? series.Samples.Count : series.Samples.LowerBound(toMs + 1);
                var (timestamps, values) = series.Samples.Copy(from, to);
                result.Add(new SeriesData(series.Labels, timestamps, values));
            }
            return result;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<string> MetricNames()
    {
        _lock.EnterReadLock();
        try { return _byName.Keys.Order(StringComparer.Ordinal).ToArray(); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Drops samples older than the retention window, and series left with none.</summary>
    public int Trim(long nowMs)
    {
        var cutoff = nowMs - (long)Options.Retention.TotalMilliseconds;
        _lock.EnterWriteLock();
        try
        {
            var emptied = new List<Series>();
            foreach (var series in _series.Values)
            {
                series.Samples.DropBefore(cutoff);
                if (series.Samples.Count == 0)
                {
                    emptied.Add(series);
                }
            }
            foreach (var series in emptied)
            {
                _series.Remove(series.Labels.Key);
                var name = series.Labels.MetricName ?? "";
                _byName[name].Remove(series);
                if (_byName[name].Count == 0)
                {
                    _byName.Remove(name);
                }
            }
            return emptied.Count;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Every series' labels and whether it is a counter, without samples (to infer metadata after a snapshot load).</summary>
    internal IReadOnlyList<(LabelSet Labels, bool IsCounter)> SeriesKinds()
    {
        _lock.EnterReadLock();
        try { return _series.Values.Select(s => (s.Labels, s.IsCounter)).ToArray(); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Every series with all its samples, copied under one read lock so the copy is consistent.</summary>
    internal (long Sequence, IReadOnlyList<(LabelSet Labels, bool IsCounter, long[] Timestamps, double[] Values)> Series) CopyAll()
    {
        _lock.EnterReadLock();
        try
        {
            return (LastSequence, _series.Values
                .Select(s =>
                {
                    var (timestamps, values) = s.Samples.Copy(0, s.Samples.Count);
                    return (s.Labels, s.IsCounter, timestamps, values);
                })
                .ToArray());
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Replaces the contents with a snapshot's; only used at start, before ingest runs.</summary>
    internal void Load(long sequence, IEnumerable<(LabelSet Labels, bool IsCounter, long[] Timestamps, double[] Values)> all)
    {
        _lock.EnterWriteLock();
        try
        {
            LastSequence = sequence;
            _series.Clear();
            _byName.Clear();
            foreach (var (labels, isCounter, timestamps, values) in all)
            {
                var series = new Series(labels, isCounter);
                for (var i = 0; i < timestamps.Length; i++)
                {
                    series.Samples.Append(timestamps[i], values[i]);
                }
                _series[labels.Key] = series;
                var name = labels.MetricName ?? "";
                if (!_byName.TryGetValue(name, out var list))
                {
                    _byName[name] = list = [];
                }
                list.Add(series);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private sealed class Series(LabelSet labels, bool isCounter)
    {
        public LabelSet Labels { get; } = labels;
        public bool IsCounter { get; } = isCounter;
        public SampleBuffer Samples { get; } = new();
    }
}
