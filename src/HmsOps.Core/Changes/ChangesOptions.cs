namespace HmsOps.Core.Changes;

/// <summary>Guarded changes: section <c>Changes</c>.</summary>
public sealed class ChangesOptions
{
    public const string Section = "Changes";

    public static readonly IReadOnlyList<int> DefaultCanarySteps = [5, 25, 50, 100];

    /// <summary>A request (or a canary promote/abort) not approved within this time can no longer be approved.</summary>
    public TimeSpan ApprovalTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Canary traffic percentages, rising, ending at 100. Null means the default 5, 25, 50, 100: configuration
    /// binding appends to a list that already holds values, so the default lives in <see cref="EffectiveCanarySteps"/>.
    /// </summary>
    public List<int>? CanarySteps { get; set; }

    public IReadOnlyList<int> EffectiveCanarySteps => CanarySteps is { Count: > 0 } steps ? steps : DefaultCanarySteps;

    /// <summary>How long each canary step runs before it is analysed (and the next step may start).</summary>
    public TimeSpan CanaryStepPause { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>After an inconclusive analysis (no data), the next try comes this much later.</summary>
    public TimeSpan AnalysisRetry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>This many inconclusive analyses in a row at one step count as a failure: no data is not a pass.</summary>
    public int MaxInconclusiveAnalyses { get; set; } = 3;

    /// <summary>The canary fails when its error rate exceeds the stable one by more than this (0.01 = one percentage point).</summary>
    public double MaxErrorRateIncrease { get; set; } = 0.01;

    /// <summary>The canary fails when its p95 latency exceeds the stable one's times this ratio...</summary>
    public double MaxP95Ratio { get; set; } = 1.25;

    /// <summary>...and by more than this absolute margin, so a 2 ms vs 3 ms p95 is not called a regression.</summary>
    public TimeSpan MinP95Increase { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Requests per second a version needs in the window before its numbers are trusted.</summary>
    public double MinRequestRate { get; set; } = 0.05;

    /// <summary>The PromQL range used by the analysis queries (<c>rate(...[window])</c>).</summary>
    public TimeSpan AnalysisWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the console looks for expired requests and canary steps due for analysis.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Finished changes kept in <c>changes.db</c>; past it the oldest finished ones are deleted with their transitions
    /// (the audit log keeps their story). In-flight changes are never deleted.
    /// </summary>
    public int MaxHistory { get; set; } = 2_000;

    /// <summary>Longest reason accepted (request, rejection, break-glass), in characters.</summary>
    public int MaxReasonLength { get; set; } = 1_000;

    /// <summary>Idempotency keys remembered per change; past it the oldest is forgotten.</summary>
    public int MaxIdempotencyKeys { get; set; } = 64;

    /// <summary>
    /// The notification receiver (<c>Notifications:Receivers</c>, with a Slack config) that gets a note after each
    /// executed change: who, what, the diff and the approver. Empty: no note.
    /// </summary>
    public string? IncidentChannelReceiver { get; set; }

    /// <summary>How long after a change took effect its linked alert is watched; a resolve later than this is not credited to it.</summary>
    public TimeSpan MitigationWindow { get; set; } = TimeSpan.FromHours(6);
}
