namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>
/// histogram_quantile(φ, buckets): buckets grouped by all labels but <c>le</c> (the metric name included, so two
/// histograms never merge), each group's quantile by Prometheus's bucketQuantile; output without name and le.
/// </summary>
internal sealed class HistogramQuantileNode(ScalarNode quantile, VectorNode inner) : VectorNode
{
    private static readonly string[] Excluded = [Telemetry.LabelSet.MetricNameLabel, "le"];
    private static readonly string[] BucketLabel = ["le"];

    private readonly Dictionary<Labels, (Labels Group, Labels Output, double UpperBound)?> _parsed = [];
    private readonly Dictionary<Labels, int> _groupIndex = [];
    private readonly List<(Labels Output, List<(double UpperBound, double Count)> Buckets)> _groups = [];
    private readonly HashSet<Labels> _seen = [];

    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        var q = quantile.Eval(t);
        var input = inner.Eval(t);
        _groupIndex.Clear();
        var used = 0;
        foreach (var sample in input)
        {
            if (!_parsed.TryGetValue(sample.Labels, out var parsed))
            {
                parsed = Arithmetic.TryParseGoFloat(sample.Labels.Get("le") ?? "", out var upper)
                    ? (sample.Labels.Without(BucketLabel), sample.Labels.Without(Excluded), upper)
                    : null;
                _parsed[sample.Labels] = parsed;
            }
            if (parsed is not { } bucket)
            {
                continue;
            }
            if (!_groupIndex.TryGetValue(bucket.Group, out var index))
            {
                index = used++;
                _groupIndex[bucket.Group] = index;
                if (index == _groups.Count)
                {
                    _groups.Add((bucket.Output, []));
                }
                else
                {
                    _groups[index].Buckets.Clear();
                    _groups[index] = (bucket.Output, _groups[index].Buckets);
                }
            }
            _groups[index].Buckets.Add((bucket.UpperBound, sample.Value));
        }
        for (var i = 0; i < used; i++)
        {
            Output.Add(new Sample(_groups[i].Output, BucketQuantile(q, _groups[i].Buckets), t));
        }
        return Unique(Output, _seen);
    }

    /// <summary>Prometheus 2.42's bucketQuantile over cumulative buckets (sorted, coalesced and made monotonic here).</summary>
    internal static double BucketQuantile(double q, List<(double UpperBound, double Count)> buckets)
    {
        if (double.IsNaN(q))
        {
            return double.NaN;
        }
        if (q < 0)
        {
            return double.NegativeInfinity;
        }
        if (q > 1)
        {
            return double.PositiveInfinity;
        }
        buckets.Sort((a, b) => a.UpperBound.CompareTo(b.UpperBound));
        if (!double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return double.NaN;
        }
        Coalesce(buckets);
        EnsureMonotonic(buckets);
        if (buckets.Count < 2)
        {
            return double.NaN;
        }
        var observations = buckets[^1].Count;
        if (observations == 0)
        {
            return double.NaN;
        }
        var rank = q * observations;
        // Go's sort.Search over all but the +Inf bucket: the first bucket whose count reaches the rank.
        int b = 0, j = buckets.Count - 1;
        while (b < j)
        {
            var h = (b + j) >>> 1;
            if (!(buckets[h].Count >= rank))
            {
                b = h + 1;
            }
            else
            {
                j = h;
            }
        }
        if (b == buckets.Count - 1)
        {
            return buckets[^2].UpperBound;
        }
        if (b == 0 && buckets[0].UpperBound <= 0)
        {
            return buckets[0].UpperBound;
        }
        var bucketStart = 0.0;
        var bucketEnd = buckets[b].UpperBound;
        var count = buckets[b].Count;
        if (b > 0)
        {
            bucketStart = buckets[b - 1].UpperBound;
            count -= buckets[b - 1].Count;
            rank -= buckets[b - 1].Count;
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    private static void Coalesce(List<(double UpperBound, double Count)> buckets)
    {
        var write = 0;
        for (var read = 1; read < buckets.Count; read++)
        {
            if (buckets[read].UpperBound == buckets[write].UpperBound)
            {
                buckets[write] = (buckets[write].UpperBound, buckets[write].Count + buckets[read].Count);
            }
            else
            {
                buckets[++write] = buckets[read];
            }
        }
        buckets.RemoveRange(write + 1, buckets.Count - write - 1);
    }

    private static void EnsureMonotonic(List<(double UpperBound, double Count)> buckets)
    {
        var max = double.NegativeInfinity;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].Count > max)
            {
                max = buckets[i].Count;
            }
            else if (buckets[i].Count < max)
            {
                buckets[i] = (buckets[i].UpperBound, max);
            }
        }
    }
}
