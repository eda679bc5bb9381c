namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>
/// A function of a range vector (rate, increase, delta, irate, idelta, *_over_time), evaluated on each series'
/// window in place. All but last_over_time drop the metric name, as in Prometheus 2.42.
/// </summary>
internal sealed class RangeFunctionNode(EvalContext context, string function, WindowSource source, ScalarNode? parameter) : VectorNode
{
    private readonly HashSet<Labels> _seen = [];
    private readonly bool _keepName = function == "last_over_time";
    private double[] _scratch = new double[16];
    private bool? _namesAlwaysDistinct;

    public override List<Sample> Eval(long t)
    {
        context.Check();
        Output.Clear();
        var q = parameter?.Eval(t) ?? 0;
        foreach (var window in source.At(t))
        {
            if (Compute(window, t, q) is { } value)
            {
                var labels = _keepName ? window.Series.Labels : window.Series.Labels.WithoutName();
                Output.Add(new Sample(labels, value, t));
            }
        }
        // Duplicates can only come from series differing in nothing but the name; check that once, not every step.
        _namesAlwaysDistinct ??= _keepName || source.Series.Select(s => s.Labels.WithoutName()).Distinct().Count() == source.Series.Count;
        return _namesAlwaysDistinct.Value ? Output : Unique(Output, _seen);
    }

    private double? Compute(Window w, long t, double q)
    {
        var values = w.Series.Values;
        switch (function)
        {
            case "rate": return ExtrapolatedRate(w, t, source.RangeMs, source.OffsetMs, isCounter: true, isRate: true);
            case "increase": return ExtrapolatedRate(w, t, source.RangeMs, source.OffsetMs, isCounter: true, isRate: false);
            case "delta": return ExtrapolatedRate(w, t, source.RangeMs, source.OffsetMs, isCounter: false, isRate: false);
            case "irate": return InstantValue(w, isRate: true);
            case "idelta": return InstantValue(w, isRate: false);
            case "count_over_time": return w.Count;
            case "last_over_time": return values[w.To - 1];
            case "sum_over_time":
            {
                double sum = 0, c = 0;
                for (var i = w.From; i < w.To; i++)
                {
                    (sum, c) = KahanAdd(values[i], sum, c);
                }
                return sum + c;
            }
            case "avg_over_time": return Average(values, w.From, w.To);
            case "min_over_time":
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
            case "max_over_time":
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
            case "quantile_over_time":
            {
                if (_scratch.Length < w.Count)
                {
                    _scratch = new double[w.Count * 2];
                }
                Array.Copy(values, w.From, _scratch, 0, w.Count);
                return Arithmetic.Quantile(q, _scratch, w.Count);
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
}
