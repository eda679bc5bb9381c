using System.Globalization;
using HmsOps.Core.Changes;

namespace HmsOps.Core.Deployments;

/// <summary>
/// Carries out claimed changes on the configured <see cref="IDeploymentProvider"/> (demo fleet or Kubernetes). The
/// change service has already decided that this runs, and only once; this class translates the claim into provider
/// calls and the provider's typed outcome into an <see cref="ExecutionResult"/> a person can read on the timeline.
/// </summary>
public sealed class DeploymentChangeExecutor(IDeploymentProvider provider) : IChangeExecutor
{
    public async Task<string?> CurrentVersionAsync(string service, CancellationToken cancellationToken)
    {
        var services = await provider.ListServicesAsync(cancellationToken).ConfigureAwait(false);
        if (!services.IsOk)
        {
            // Unknown would read as "no such service" to the requester; an unreachable cluster must say so instead.
            throw new InvalidOperationException($"{provider.Name} could not list services: {services.Outcome}: {services.Reason}");
        }
        return services.Value.FirstOrDefault(s => string.Equals(s.Name, service, StringComparison.Ordinal))?.Version;
    }

    public async Task<ExecutionResult> ExecuteAsync(ChangeExecution execution, CancellationToken cancellationToken)
    {
        var change = execution.Change;
        var cause = ChangeCause(change);
        switch (execution.Action)
        {
            case ExecutionAction.Rollback:
                return Done(await provider.RollbackAsync(change.Service, change.TargetVersion, cause, null, cancellationToken).ConfigureAwait(false),
                    d => $"{d.Name} runs {d.Version} ({d.Image}), {Replicas(d)}");

            case ExecutionAction.CanaryWeight when IsFirstStep(change):
                return Done(await provider.StartCanaryAsync(change.Service, change.TargetVersion, execution.WeightPercent, cause, cancellationToken)
                    .ConfigureAwait(false), Split);

            case ExecutionAction.CanaryWeight:
                return Done(await provider.SetCanaryWeightAsync(change.Service, execution.WeightPercent, cancellationToken).ConfigureAwait(false), Split);

            case ExecutionAction.CanaryPromote when IsFirstStep(change):
                // A plan of one step (100 %) never started a canary: promoting it is a plain rollout of the target.
                return Done(await provider.RollbackAsync(change.Service, change.TargetVersion, cause, null, cancellationToken).ConfigureAwait(false),
                    d => $"{d.Name} runs {d.Version} for all traffic, {Replicas(d)}");

            case ExecutionAction.CanaryPromote:
                return Done(await provider.PromoteCanaryAsync(change.Service, cause, null, cancellationToken).ConfigureAwait(false),
                    d => $"{d.Name} runs {d.Version} for all traffic, {Replicas(d)}");

            case ExecutionAction.CanaryAbort:
                var aborted = await provider.AbortCanaryAsync(change.Service, cancellationToken).ConfigureAwait(false);
                // A first step that never applied leaves nothing to take back: the stable version already serves everything.
                return aborted.Outcome == DeploymentOutcome.NotFound && IsFirstStep(change)
                    ? ExecutionResult.Ok($"no canary was running; {change.FromVersion} serves all traffic")
                    : Done(aborted, d => $"{d.Name} runs {d.Version} for all traffic, {Replicas(d)}");

            default:
                throw new ArgumentOutOfRangeException(nameof(execution), execution.Action, "unknown execution action");
        }
    }

    /// <summary>
    /// What the provider records in the service's history (Kubernetes: <c>kubernetes.io/change-cause</c>), so the
    /// history alone says which change did it, who asked, who let it through, and why.
    /// </summary>
    public static string ChangeCause(ChangeRecord change)
    {
        var approval = change.BreakGlass
            ? $"break-glass by {change.ApprovedBy ?? "a lead"}: {change.BreakGlassReason}"
            : $"approved by {change.ApprovedBy ?? "?"}";
        return $"hms-ops {change.Id}: {change.Kind.ToString().ToLowerInvariant()} to {change.TargetVersion} requested by {change.RequestedBy}, {approval}; reason: {change.Reason}";
    }

    private static bool IsFirstStep(ChangeRecord change) => change.Canary is null || change.Canary.StepIndex < 0;

    private static string Split(CanaryState c) => string.Create(CultureInfo.InvariantCulture,
        $"{c.WeightPercent} % on {c.CanaryVersion} ({c.CanaryReplicas} replica(s)), the rest on {c.StableVersion} ({c.StableReplicas})");

    private static string Replicas(ServiceDeployment d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.ReadyReplicas}/{d.DesiredReplicas} ready");

    private ExecutionResult Done<T>(DeploymentResult<T> result, Func<T, string> describe) => result.IsOk
        ? ExecutionResult.Ok(describe(result.Value))
        : ExecutionResult.Failed($"{provider.Name}: {Outcome(result.Outcome)}: {result.Reason}");

    private static string Outcome(DeploymentOutcome outcome) => outcome switch
    {
        DeploymentOutcome.NotFound => "not found",
        DeploymentOutcome.Conflict => "conflict (another change or an edit in between)",
        DeploymentOutcome.Forbidden => "refused by the cluster",
        DeploymentOutcome.Timeout => "timed out (the rollout may still finish)",
        _ => "failed",
    };
}
