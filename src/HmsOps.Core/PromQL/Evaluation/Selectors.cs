using HmsOps.Core.PromQL.Matching;

namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>One series' samples in time order, shared by every step of a query.</summary>
internal sealed class SeriesSamples(Labels labels, long[] timestamps, double[] values)
{
    public Labels Labels { get; } = labels;
    public long[] Timestamps { get; } = timestamps;
    public double[] Values { get; } = values;
}

/// <summary>A series' samples inside one step's range window: indexes [From, To) of its arrays.</summary>
internal readonly record struct Window(SeriesSamples Series, int From, int To)
{
    public int Count => To - From;
}

internal static class SeriesLoader
{
    /// <summary>Selects once for the whole query: every matching series with its samples in [fromMs, toMs].</summary>
    public static SeriesSamples[] Load(EvalContext context, VectorSelector selector, long fromMs, long toMs)
    {
        var matchers = CompiledMatcher.CompileAll(selector.Matchers);
        var data = context.Store.SelectData(matchers, fromMs, toMs);
        var result = new SeriesSamples[data.Count];
        long total = 0;
        for (var i = 0; i < data.Count; i++)
        {
            result[i] = new SeriesSamples(Labels.From(data[i].Labels), data[i].Timestamps, data[i].Values);
            total += data[i].Timestamps.Length;
        }
        context.Hold(total);
        // Prometheus reads series in label order; later steps (topk ties, output order) depend on it.
        Array.Sort(result, (a, b) => Labels.Compare(a.Labels, b.Labels));
        return result;
    }
}

/// <summary>An instant vector selector: the newest sample in [t - offset - lookback, t - offset] per series.</summary>
internal sealed class VectorSelectorNode : VectorNode
{
    private readonly SeriesSamples[] _series;
    private readonly int[] _cursor;
    private readonly long _offsetMs;
    private readonly long _lookbackMs;
    private readonly EvalContext _context;

    public VectorSelectorNode(EvalContext context, VectorSelector selector, long startMs, long endMs)
    {
        _context = context;
        _offsetMs = (long)selector.Offset.TotalMilliseconds;
        _lookbackMs = context.LookbackMs;
        _series = SeriesLoader.Load(context, selector, startMs - _offsetMs - _lookbackMs, endMs - _offsetMs);
        _cursor = new int[_series.Length];
        Array.Fill(_cursor, -1);
    }

    public override List<Sample> Eval(long t)
    {
        _context.Check();
        Output.Clear();
        var reference = t - _offsetMs;
        for (var i = 0; i < _series.Length; i++)
        {
            var series = _series[i];
            var timestamps = series.Timestamps;
            var at = _cursor[i];
            if (at >= 0 && timestamps[at] > reference)
            {
                at = -1; // Times only move forward within one grid; restart if a caller ever goes back.
            }
            while (at + 1 < timestamps.Length && timestamps[at + 1] <= reference)
            {
                at++;
            }
            _cursor[i] = at;
            if (at >= 0 && timestamps[at] >= reference - _lookbackMs)
            {
                Output.Add(new Sample(series.Labels, series.Values[at], timestamps[at]));
            }
        }
        return Output;
    }

    /// <summary>Column-wise: each series' newest-sample cursor advances along the whole grid in one pass.</summary>
    public override IRowSource? EvaluateRange(Grid grid) => new Rows(this);

    private sealed class Rows(VectorSelectorNode node) : IRowSource
    {
        public int RowCount => node._series.Length;

        public Labels RowLabels(int row) => node._series[row].Labels;

        public void FillRow(int row, Grid grid, int fromStep, int toStep, Span<double> values, Span<bool> present)
        {
            var series = node._series[row];
            var timestamps = series.Timestamps;
            var reference = grid.StartMs + fromStep * grid.IntervalMs - node._offsetMs;
            var at = Array.BinarySearch(timestamps, reference);
            at = at >= 0 ? at : ~at - 1;
            for (var i = 0; i < toStep - fromStep; i++, reference += grid.IntervalMs)
            {
                while (at + 1 < timestamps.Length && timestamps[at + 1] <= reference)
                {
                    at++;
                }
                if (at >= 0 && timestamps[at] >= reference - node._lookbackMs)
                {
                    values[i] = series.Values[at];
                    present[i] = true;
                }
                else
                {
                    present[i] = false;
                }
            }
        }
    }
}

/// <summary>A range vector: per step, each series' samples in [t - offset - range, t - offset], both ends inclusive (2.x).</summary>
internal sealed class WindowSource
{
    /// <summary>
    /// Moves a window [from, to) forward so it holds the samples in the inclusive range [mint, maxt]; windows only move
    /// forward, so each sample is passed once over a whole range query.
    /// </summary>
    internal static void Advance(long[] timestamps, ref int from, ref int to, long mint, long maxt)
    {
        while (from < timestamps.Length && timestamps[from] < mint)
        {
            from++;
        }
        if (to < from)
        {
            to = from;
        }
        while (to < timestamps.Length && timestamps[to] <= maxt)
        {
            to++;
        }
    }

    private readonly SeriesSamples[] _series;
    private readonly int[] _from;
    private readonly int[] _to;
    private readonly List<Window> _windows = [];

    public WindowSource(SeriesSamples[] series, long rangeMs, long offsetMs)
    {
        _series = series;
        RangeMs = rangeMs;
        OffsetMs = offsetMs;
        _from = new int[series.Length];
        _to = new int[series.Length];
    }

    public long RangeMs { get; }

    public long OffsetMs { get; }

    public IReadOnlyList<SeriesSamples> Series => _series;

    /// <summary>Windows with at least one sample, in series order; valid until the next call.</summary>
    public List<Window> At(long t)
    {
        _windows.Clear();
        var maxt = t - OffsetMs;
        var mint = maxt - RangeMs;
        for (var i = 0; i < _series.Length; i++)
        {
            var timestamps = _series[i].Timestamps;
            int from = _from[i], to = _to[i];
            if (from > 0 && timestamps[from - 1] >= mint)
            {
                from = 0;
                to = 0;
            }
            Advance(timestamps, ref from, ref to, mint, maxt);
            _from[i] = from;
            _to[i] = to;
            if (to > from)
            {
                _windows.Add(new Window(_series[i], from, to));
            }
        }
        return _windows;
    }
}
