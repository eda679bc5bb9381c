using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics;

/// <summary>A copy of one series' samples in a time range, safe to use outside the store's lock.</summary>
public sealed record SeriesData(LabelSet Labels, long[] Timestamps, double[] Values)
{
    /// <summary>The newest value at or before <paramref name="atMs"/> within <paramref name="lookbackMs"/>, or null.</summary>
    public double? ValueAt(long atMs, long lookbackMs)
    {
        var index = Array.BinarySearch(Timestamps, atMs);
        var at = index >= 0 ? index : ~index - 1;
        if (at < 0 || Timestamps[at] < atMs - lookbackMs)
        {
            return null;
        }
        return Values[at];
    }
}
