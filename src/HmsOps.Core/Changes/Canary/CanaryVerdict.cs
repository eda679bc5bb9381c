namespace HmsOps.Core.Changes.Canary;

public enum CanaryOutcome
{
    Pass,
    Fail,

    /// <summary>Not enough data to judge. Never a pass: retried, and a failure after too many in a row.</summary>
    Inconclusive,
}

/// <summary>What one version measured over the analysis window; null where the metrics source had no data.</summary>
public sealed record CanaryMeasurement(string Version, double? RequestRate, double? ErrorRate, double? P95Seconds);

/// <summary>The analysis of one canary step, with the numbers behind it in <see cref="Reason"/>.</summary>
public sealed record CanaryVerdict(CanaryOutcome Outcome, string Reason, CanaryMeasurement? Stable = null, CanaryMeasurement? Canary = null)
{
    public static CanaryVerdict Pass(string reason, CanaryMeasurement stable, CanaryMeasurement canary) => new(CanaryOutcome.Pass, reason, stable, canary);

    public static CanaryVerdict Fail(string reason, CanaryMeasurement? stable = null, CanaryMeasurement? canary = null) =>
        new(CanaryOutcome.Fail, reason, stable, canary);

    public static CanaryVerdict Inconclusive(string reason, CanaryMeasurement? stable = null, CanaryMeasurement? canary = null) =>
        new(CanaryOutcome.Inconclusive, reason, stable, canary);
}
