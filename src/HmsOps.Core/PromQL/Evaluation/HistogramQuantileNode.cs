namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>
/// histogram_quantile(φ, buckets): buckets grouped by all labels but <c>le</c> (the metric name included, so two
/// histograms never merge), each group's quantile by Prometheus's bucketQuantile; output without name and le.
/// </summary>
internal sealed class HistogramQuantileNode(EvalContext context, ScalarNode quantile, VectorNode inner) : VectorNode
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

    /// <summary>
    /// Column-wise over an input that can be: buckets are grouped once per query, then every step of a group is
    /// computed from its members' rows. Only when the outcome cannot depend on input order or collide: groups have
    /// distinct output labels and no two buckets of a group share an upper bound; otherwise step by step.
    /// </summary>
    public override IRowSource? EvaluateRange(Grid grid)
    {
        if (quantile is not ConstantScalar || inner.EvaluateRange(grid) is not { } input)
        {
            return null;
        }
        var groupIndex = new Dictionary<Labels, int>();
        var outputs = new List<Labels>();
        var members = new List<List<(int Row, double UpperBound)>>();
        for (var r = 0; r < input.RowCount; r++)
        {
            var labels = input.RowLabels(r);
            if (!Arithmetic.TryParseGoFloat(labels.Get("le") ?? "", out var upper))
            {
                continue;
            }
            var group = labels.Without(BucketLabel);
            if (!groupIndex.TryGetValue(group, out var index))
            {
                index = outputs.Count;
                groupIndex[group] = index;
                outputs.Add(labels.Without(Excluded));
                members.Add([]);
            }
            members[index].Add((r, upper));
        }
        if (outputs.Distinct().Count() != outputs.Count
            || members.Any(m => m.Select(b => b.UpperBound).Distinct().Count() != m.Count)
            || !RangeBlock.Fits(input.RowCount, grid))
        {
            return null;
        }
        var table = RangeBlock.From(context, input, grid);
        var steps = grid.Steps;
        var q = quantile.Eval(grid.StartMs);
        var result = new RangeBlock(outputs.ToArray(), steps, rowOrderIsStepOrder: false);
        var buckets = new List<(double UpperBound, double Count)>();
        for (var g = 0; g < outputs.Count; g++)
        {
            context.Check();
            for (var step = 0; step < steps; step++)
            {
                buckets.Clear();
                foreach (var (row, upper) in members[g])
                {
                    var at = row * steps + step;
                    if (table.Present[at])
                    {
                        buckets.Add((upper, table.Values[at]));
                    }
                }
                if (buckets.Count > 0)
                {
                    result.Values[g * steps + step] = BucketQuantile(q, buckets);
                    result.Present[g * steps + step] = true;
                }
            }
        }
        return result;
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
