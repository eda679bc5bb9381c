namespace HmsOps.Core.Radar;

/// <summary>Prometheus's histogram arithmetic over cumulative bucket counts.</summary>
public static class HistogramMath
{
    /// <summary>
    /// histogram_quantile as Prometheus computes it: find the bucket holding rank q*total and
    /// interpolate linearly inside it (the first bucket from 0); a rank in +Inf returns the highest finite bound.
    /// </summary>
    /// <param name="buckets">(upper bound, cumulative count), sorted by bound, ending with +Inf.</param>
    public static double? Quantile(double q, IReadOnlyList<(double UpperBound, double Cumulative)> buckets)
    {
        if (buckets.Count < 2 || !double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return null;
        }
        var total = buckets[^1].Cumulative;
        if (total <= 0 || double.IsNaN(q))
        {
            return null;
        }
        if (q < 0)
        {
            return double.NegativeInfinity;
        }
        if (q > 1)
        {
            return double.PositiveInfinity;
        }

        var rank = q * total;
        var index = 0;
        while (index < buckets.Count - 1 && buckets[index].Cumulative < rank)
        {
            index++;
        }
        if (index == buckets.Count - 1)
        {
            return buckets[^2].UpperBound;
        }
        if (index == 0 && buckets[0].UpperBound <= 0)
        {
            return buckets[0].UpperBound;
        }

        var lowerBound = index == 0 ? 0 : buckets[index - 1].UpperBound;
        var lowerCount = index == 0 ? 0 : buckets[index - 1].Cumulative;
        var inBucket = buckets[index].Cumulative - lowerCount;
        if (inBucket <= 0)
        {
            return buckets[index].UpperBound;
        }
        return lowerBound + (buckets[index].UpperBound - lowerBound) * ((rank - lowerCount) / inBucket);
    }

    /// <summary>Turns cumulative counts into per-bucket counts (never negative).</summary>
    public static double[] Decumulate(IReadOnlyList<double> cumulative)
    {
        var counts = new double[cumulative.Count];
        for (var i = 0; i < cumulative.Count; i++)
        {
            counts[i] = Math.Max(0, cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]));
        }
        return counts;
    }
}
