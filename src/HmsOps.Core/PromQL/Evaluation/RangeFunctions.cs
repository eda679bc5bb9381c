namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>
/// A function of a range vector (rate, increase, delta, irate, idelta, *_over_time), evaluated on each series'
/// window in place. All but last_over_time drop the metric name, as in Prometheus 2.42.
/// </summary>
internal sealed class RangeFunctionNode(EvalContext context, string function, WindowSource source, ScalarNode? parameter) : VectorNode
{
    private readonly HashSet<Labels> _seen = [];
    private readonly bool _keepName = function == "last_over_time";
    private readonly Kind _kind = Enum.Parse<Kind>(function.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
    private double[] _scratch = new double[16];
    private bool? _namesAlwaysDistinct;

    public override List<Sample> Eval(long t)
    {
        context.Check();
        Output.Clear();
        var q = parameter?.Eval(t) ?? 0;
        foreach (var window in source.At(t))
        {
            if (Compute(window, t, q, ref _scratch) is { } value)
            {
                Output.Add(new Sample(OutputLabels(window.Series), value, t));
            }
        }
        return NamesAlwaysDistinct() ? Output : Unique(Output, _seen);
    }

    /// <summary>
    /// Column-wise: each series' windows slide along the whole grid in one pass. Only when output labels cannot
    /// collide (otherwise a step with both would be an error) and the parameter, if any, is a constant.
    /// </summary>
    public override IRowSource? EvaluateRange(Grid grid) =>
        NamesAlwaysDistinct() && parameter is null or ConstantScalar ? new Rows(this, source, parameter?.Eval(grid.StartMs) ?? 0, function == "quantile_over_time") : null;

    private Labels OutputLabels(SeriesSamples series) => _keepName ? series.Labels : series.Labels.WithoutName();

    /// <summary>Duplicates can only come from series differing in nothing but the name; checked once, not every step.</summary>
    private bool NamesAlwaysDistinct() =>
        _namesAlwaysDistinct ??= _keepName || source.Series.Select(s => s.Labels.WithoutName()).Distinct().Count() == source.Series.Count;

    private sealed class Rows(RangeFunctionNode node, WindowSource source, double q, bool needsScratch) : IRowSource
    {
        public int RowCount => source.Series.Count;

        public Labels RowLabels(int row) => node.OutputLabels(source.Series[row]);

        public void FillRow(int row, Grid grid, int fromStep, int toStep, Span<double> values, Span<bool> present)
        {
            var series = source.Series[row];
            var timestamps = series.Timestamps;
            var scratch = needsScratch ? new double[16] : [];
            var t = grid.StartMs + fromStep * grid.IntervalMs;
            var offset = source.OffsetMs;
            var range = source.RangeMs;
            // The same inclusive window [t - offset - range, t - offset] as WindowSource.At, found once and then advanced.
            var from = LowerBound(timestamps, t - offset - range);
            var to = from;
            for (var i = 0; i < toStep - fromStep; i++, t += grid.IntervalMs)
            {
                var maxt = t - offset;
                WindowSource.Advance(timestamps, ref from, ref to, maxt - range, maxt);
                if (to > from && node.Compute(new Window(series, from, to), t, q, ref scratch) is { } value)
                {
                    values[i] = value;
                    present[i] = true;
                }
                else
                {
                    present[i] = false;
                }
            }
        }

        private static int LowerBound(long[] timestamps, long value)
        {
            int lo = 0, hi = timestamps.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (timestamps[mid] < value)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    private double? Compute(Window w, long t, double q, ref double[] scratch)
    {
        var values = w.Series.Values;
        switch (_kind)
        {
            case Kind.Rate: return ExtrapolatedRate(w, t, source.RangeMs, source.OffsetMs, isCounter: true, isRate: true);
            case Kind.Increase: return ExtrapolatedRate(w, t, source.RangeMs, source.OffsetMs, isCounter: true, isRate: false);
            case Kind.Delta: return ExtrapolatedRate(w, t, source.RangeMs, source.OffsetMs, isCounter: false, isRate: false);
            case Kind.Irate: return InstantValue(w, isRate: true);
            case Kind.Idelta: return InstantValue(w, isRate: false);
            case Kind.CountOverTime: return w.Count;
            case Kind.LastOverTime: return values[w.To - 1];
            case Kind.SumOverTime:
            {
                double sum = 0, c = 0;
                for (var i = w.From; i < w.To; i++)
                {
                    (sum, c) = KahanAdd(values[i], sum, c);
                }
                return sum + c;
            }
            case Kind.AvgOverTime: return Average(values, w.From, w.To);
            case Kind.MinOverTime:
            {
                var min = values[w.From];
                for (var i = w.From; i < w.To; i++)
                {
                    if (values[i] < min || double.IsNaN(min))
                    {
                        min = values[i];
                    }
                }
                return min;
            }
            case Kind.MaxOverTime:
            {
                var max = values[w.From];
                for (var i = w.From; i < w.To; i++)
                {
                    if (values[i] > max || double.IsNaN(max))
                    {
                        max = values[i];
                    }
                }
                return max;
            }
            case Kind.QuantileOverTime:
            {
                if (scratch.Length < w.Count)
                {
                    scratch = new double[w.Count * 2];
                }
                Array.Copy(values, w.From, scratch, 0, w.Count);
                return Arithmetic.Quantile(q, scratch, w.Count);
            }
            default:
                throw new InvalidOperationException($"not a range function: {function}");
        }
    }

    /// <summary>avg_over_time's incremental mean with Kahan-Neumaier compensation, and Prometheus's care for infinities.</summary>
    private static double Average(double[] values, int from, int to)
    {
        double mean = 0, count = 0, c = 0;
        for (var i = from; i < to; i++)
        {
            var v = values[i];
            count++;
            if (double.IsInfinity(mean))
            {
                if (double.IsInfinity(v) && (mean > 0) == (v > 0))
                {
                    continue;
                }
                if (!double.IsInfinity(v) && !double.IsNaN(v))
                {
                    continue;
                }
            }
            (mean, c) = KahanAdd(v / count - mean / count, mean, c);
        }
        return double.IsInfinity(mean) ? mean : mean + c;
    }

    /// <summary>Prometheus's kahanSumInc (Neumaier's variant): the new sum and the running compensation.</summary>
    private static (double Sum, double Compensation) KahanAdd(double increment, double sum, double c)
    {
        var t = sum + increment;
        if (Math.Abs(sum) >= Math.Abs(increment))
        {
            c += (sum - t) + increment;
        }
        else
        {
            c += (increment - t) + sum;
        }
        return (t, c);
    }

    /// <summary>
    /// Prometheus's extrapolatedRate: the change over the window (corrected for counter resets), extrapolated to the
    /// window's edges when the first/last samples are near them, never below zero for counters.
    /// </summary>
    internal static double? ExtrapolatedRate(Window w, long t, long rangeMs, long offsetMs, bool isCounter, bool isRate)
    {
        if (w.Count < 2)
        {
            return null;
        }
        var timestamps = w.Series.Timestamps;
        var values = w.Series.Values;
        var rangeStart = t - (rangeMs + offsetMs);
        var rangeEnd = t - offsetMs;
        var first = w.From;
        var last = w.To - 1;

        var resultValue = values[last] - values[first];
        var previous = values[first];
        for (var i = first + 1; i <= last; i++)
        {
            if (isCounter && values[i] < previous)
            {
                resultValue += previous;
            }
            previous = values[i];
        }

        var durationToStart = (double)(timestamps[first] - rangeStart) / 1000;
        var durationToEnd = (double)(rangeEnd - timestamps[last]) / 1000;
        var sampledInterval = (double)(timestamps[last] - timestamps[first]) / 1000;
        var averageDurationBetweenSamples = sampledInterval / (w.Count - 1);

        if (isCounter && resultValue > 0 && values[first] >= 0)
        {
            var durationToZero = sampledInterval * (values[first] / resultValue);
            if (durationToZero < durationToStart)
            {
                durationToStart = durationToZero;
            }
        }

        var extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        var extrapolateToInterval = sampledInterval;
        extrapolateToInterval += durationToStart < extrapolationThreshold ? durationToStart : averageDurationBetweenSamples / 2;
        extrapolateToInterval += durationToEnd < extrapolationThreshold ? durationToEnd : averageDurationBetweenSamples / 2;

        var factor = extrapolateToInterval / sampledInterval;
        if (isRate)
        {
            factor /= GoSeconds(rangeMs);
        }
        return resultValue * factor;
    }

    /// <summary>irate/idelta: the last two samples; irate takes a drop as a counter reset.</summary>
    internal static double? InstantValue(Window w, bool isRate)
    {
        if (w.Count < 2)
        {
            return null;
        }
        var timestamps = w.Series.Timestamps;
        var values = w.Series.Values;
        var last = w.To - 1;
        var previous = last - 1;
        var resultValue = isRate && values[last] < values[previous] ? values[last] : values[last] - values[previous];
        var sampledInterval = timestamps[last] - timestamps[previous];
        if (sampledInterval == 0)
        {
            return null;
        }
        if (isRate)
        {
            resultValue /= (double)sampledInterval / 1000;
        }
        return resultValue;
    }

    /// <summary>Go's time.Duration.Seconds(), whose rounding the rate divisor inherits.</summary>
    private static double GoSeconds(long ms) => ms / 1000 + (double)(ms % 1000 * 1_000_000) / 1e9;

    /// <summary>The function, decided once per query rather than by a string switch per series and step.</summary>
    private enum Kind
    {
        Rate,
        Increase,
        Delta,
        Irate,
        Idelta,
        CountOverTime,
        LastOverTime,
        SumOverTime,
        AvgOverTime,
        MinOverTime,
        MaxOverTime,
        QuantileOverTime,
    }
}
