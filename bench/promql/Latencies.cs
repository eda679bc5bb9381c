namespace HmsOps.Bench.PromQL;

/// <summary>Measured durations of one query on one target, in milliseconds.</summary>
public sealed class Latencies
{
    private readonly List<double> _ms = [];

    public void Add(TimeSpan elapsed) => _ms.Add(elapsed.TotalMilliseconds);

    public int Count => _ms.Count;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double p)
    {
        if (_ms.Count == 0)
        {
            return double.NaN;
        }
        var sorted = _ms.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
