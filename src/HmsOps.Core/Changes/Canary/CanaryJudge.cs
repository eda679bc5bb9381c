using System.Globalization;

namespace HmsOps.Core.Changes.Canary;

/// <summary>
/// The verdict on one step, from two measurements: the canary fails when its error rate is more than
/// <see cref="ChangesOptions.MaxErrorRateIncrease"/> above the stable one's, or its p95 is both more than
/// <see cref="ChangesOptions.MaxP95Ratio"/> times and more than <see cref="ChangesOptions.MinP95Increase"/> above it.
/// Too little traffic on either side is inconclusive, never a pass.
/// </summary>
public static class CanaryJudge
{
    public static CanaryVerdict Judge(CanaryMeasurement stable, CanaryMeasurement canary, ChangesOptions options)
    {
        foreach (var side in new[] { (Name: "canary", M: canary), (Name: "stable", M: stable) })
        {
            if (side.M.RequestRate is not { } rate || rate < options.MinRequestRate)
            {
                return CanaryVerdict.Inconclusive(
                    $"too little traffic on the {side.Name} {side.M.Version} ({Rate(side.M.RequestRate)} req/s, needs {Number(options.MinRequestRate)})", stable, canary);
            }
        }
        var stableErrors = stable.ErrorRate ?? 0;
        var canaryErrors = canary.ErrorRate ?? 0;
        if (canaryErrors - stableErrors > options.MaxErrorRateIncrease)
        {
            return CanaryVerdict.Fail(
                $"error rate {Percent(canaryErrors)} on {canary.Version} vs {Percent(stableErrors)} on {stable.Version} (allowed +{Percent(options.MaxErrorRateIncrease)})",
                stable, canary);
        }
        if (canary.P95Seconds is not { } canaryP95 || stable.P95Seconds is not { } stableP95)
        {
            return CanaryVerdict.Inconclusive($"no latency histogram for {(canary.P95Seconds is null ? canary.Version : stable.Version)}", stable, canary);
        }
        if (canaryP95 > stableP95 * options.MaxP95Ratio && canaryP95 - stableP95 > options.MinP95Increase.TotalSeconds)
        {
            return CanaryVerdict.Fail(
                $"p95 {Ms(canaryP95)} on {canary.Version} vs {Ms(stableP95)} on {stable.Version} (allowed ×{Number(options.MaxP95Ratio)})", stable, canary);
        }
        return CanaryVerdict.Pass(
            $"error rate {Percent(canaryErrors)} vs {Percent(stableErrors)}, p95 {Ms(canaryP95)} vs {Ms(stableP95)} ({canary.Version} vs {stable.Version})",
            stable, canary);
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    private static string Rate(double? rate) => rate is { } r ? Number(r) : "no data";

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
