using System.Globalization;
using HmsOps.Core.Changes;
using HmsOps.Core.Deployments;
using HmsOps.Core.Radar;

namespace HmsOps.Console.Components.Pages;

/// <summary>A service's error rate and p95 now, as the radar computes them, and whether it is over the radar's limits.</summary>
public sealed record ServiceHealth(double? ErrorRate, double? P95Seconds, bool OverThreshold, string Text)
{
    public static ServiceHealth Unknown(string why) => new(null, null, false, why);
}

/// <summary>One change request as the page lists it: words and numbers computed here, rendered by Razor.</summary>
public sealed record ChangeRow(
    string Id,
    string Service,
    string What,
    string State,
    string RequestedBy,
    string Approver,
    string Expiry,
    string Step,
    string Outcome,
    bool InFlight);

/// <summary>The Deployments page's numbers and words, without a browser.</summary>
public static class DeploymentsModel
{
    /// <summary>Changes listed at most; older ones stay in <c>changes.db</c> and the audit log.</summary>
    public const int MaxChanges = 50;

    /// <summary>Revisions shown per service.</summary>
    public const int MaxRevisions = 5;

    /// <summary>The radar's p95 query (dashboards/radar.json) for one service.</summary>
    public static string P95Query(RadarOptions radar, string service) =>
        $"histogram_quantile(0.95, sum by (le) (rate({radar.LatencyMetric}_bucket{{service=\"{Escape(service)}\"}}[1m])))";

    /// <summary>The radar's error-ratio query for one service: 5xx over all requests, 0 when none failed.</summary>
    public static string ErrorRateQuery(RadarOptions radar, string service) =>
        $"(sum(rate({radar.RequestsMetric}{{service=\"{Escape(service)}\", code=~\"5..\"}}[1m])) or vector(0)) / sum(rate({radar.RequestsMetric}{{service=\"{Escape(service)}\"}}[1m]))";

    public static ServiceHealth Health(RadarOptions radar, string service, double? errorRate, double? p95)
    {
        if (errorRate is null && p95 is null)
        {
            return ServiceHealth.Unknown("no traffic in the last minute");
        }
        var limits = radar.ThresholdsFor(service);
        var over = new List<string>();
        if (errorRate >= limits.ErrorRateThreshold)
        {
            over.Add($"errors over {Percent(limits.ErrorRateThreshold)}");
        }
        if (p95 >= limits.LatencyP95ThresholdSeconds)
        {
            over.Add($"p95 over {Seconds(limits.LatencyP95ThresholdSeconds)}");
        }
        var text = $"errors {(errorRate is { } e ? Percent(e) : "–")} · p95 {(p95 is { } p ? Seconds(p) : "–")}";
        return new ServiceHealth(errorRate, p95, over.Count > 0, over.Count > 0 ? $"{text} ({string.Join(", ", over)})" : text);
    }

    public static string Replicas(ServiceDeployment d) => string.Create(CultureInfo.InvariantCulture, $"{d.ReadyReplicas}/{d.DesiredReplicas} ready");

    public static string InFlight(InFlightChange? change) => change switch
    {
        null => "",
        { Kind: InFlightKind.Canary, CanaryWeightPercent: { } weight } =>
            string.Create(CultureInfo.InvariantCulture, $"canary {change.TargetVersion} at {weight} % · {change.Detail}"),
        _ => $"rollout to {change.TargetVersion} · {change.Detail}",
    };

    public static string When(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "";

    public static ChangeRow Row(ChangeRecord c, DateTimeOffset now) => new(
        c.Id,
        c.Service,
        $"{(c.Kind == ChangeKind.Canary ? "canary" : "rollback")} {c.FromVersion} → {c.TargetVersion}",
        c.State.Text(),
        c.RequestedBy,
        c.BreakGlass ? $"{c.ApprovedBy} (break-glass)" : c.ApprovedBy ?? "",
        Expiry(c, now),
        Step(c),
        Outcome(c),
        c.State.IsInFlight());

    /// <summary>
    /// Who asked for what now awaits a second person: the requester of a request, or whoever asked to promote or abort a
    /// running canary; null when nothing awaits approval. That person may withdraw it and never approve it.
    /// </summary>
    public static string? AwaitingApprovalFrom(ChangeRecord c) => c.State switch
    {
        ChangeState.Requested => c.RequestedBy,
        ChangeState.CanaryRunning => c.Canary?.Pending?.RequestedBy,
        _ => null,
    };

    /// <summary>"expires in 14:32" while it waits for a second person; afterwards nothing (the state says the rest).</summary>
    public static string Expiry(ChangeRecord c, DateTimeOffset now)
    {
        var expiresAt = c.State == ChangeState.Requested ? c.ExpiresAt : c.Canary?.Pending?.ExpiresAt;
        if (expiresAt is not { } at)
        {
            return "";
        }
        var left = at - now;
        return left <= TimeSpan.Zero
            ? "expired"
            : string.Create(CultureInfo.InvariantCulture, $"expires in {(int)left.TotalMinutes}:{left.Seconds:00}");
    }

    public static string Step(ChangeRecord c) => c.Canary is not { } canary
        ? ""
        : string.Create(CultureInfo.InvariantCulture,
            $"step {Math.Max(canary.StepIndex + 1, 0)} of {canary.Steps.Count} · {canary.CurrentWeight} %{(canary.Pending is { } p ? $" · {p.Decision.ToString().ToLowerInvariant()} awaits approval" : "")}");

    public static string Outcome(ChangeRecord c)
    {
        var parts = new List<string>();
        if (c.LastResult is { } result)
        {
            parts.Add(result.Message);
        }
        if (c.RejectionReason is { } rejected)
        {
            parts.Add($"rejected by {c.RejectedBy}: {rejected}");
        }
        if (c.MitigatedAt is { } mitigated)
        {
            parts.Add($"mitigated alert {c.AlertFingerprint} at {When(mitigated)}");
        }
        else if (c.AlertFingerprint is { } alert)
        {
            parts.Add($"for alert {alert}");
        }
        return string.Join(" · ", parts);
    }

    private static string Percent(double value) => (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string Seconds(double value) => value < 1
        ? (value * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms"
        : value.ToString("0.##", CultureInfo.InvariantCulture) + " s";

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
