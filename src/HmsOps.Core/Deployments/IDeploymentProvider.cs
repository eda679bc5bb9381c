namespace HmsOps.Core.Deployments;

/// <summary>
/// Where the console reads what runs and changes it: the simulated demo fleet or a Kubernetes cluster.
/// Expected failures (unknown service, another change in flight, refused by the cluster, too slow) come back
/// as a typed <see cref="DeploymentResult{T}"/>; only bugs and the caller's own cancellation throw.
/// Services and versions are the plain names the console shows (<c>ach-svc</c>, <c>v1.8.2</c>).
/// </summary>
public interface IDeploymentProvider
{
    /// <summary>Short name for logs and the page, e.g. <c>DemoFleet</c> or <c>Kubernetes</c>.</summary>
    string Name { get; }

    Task<DeploymentResult<IReadOnlyList<ServiceDeployment>>> ListServicesAsync(CancellationToken ct);

    /// <summary>The service's revisions, newest first.</summary>
    Task<DeploymentResult<IReadOnlyList<DeploymentRevision>>> GetHistoryAsync(string service, CancellationToken ct);

    /// <summary>What would change if the service ran <paramref name="targetVersion"/> instead of what it runs now.</summary>
    Task<DeploymentResult<DeploymentDiff>> DiffAsync(string service, string targetVersion, CancellationToken ct);

    /// <summary>
    /// Puts an earlier version back and waits until the rollout finished (or <c>Deployments:RolloutTimeout</c> passed:
    /// <see cref="DeploymentOutcome.Timeout"/>). <paramref name="changeCause"/> is recorded in the history.
    /// </summary>
    Task<DeploymentResult<ServiceDeployment>> RollbackAsync(string service, string targetVersion, string changeCause,
        IProgress<RolloutProgress>? progress, CancellationToken ct);

    /// <summary>Starts sending <paramref name="weightPercent"/> % of the service's traffic to <paramref name="version"/>.</summary>
    Task<DeploymentResult<CanaryState>> StartCanaryAsync(string service, string version, int weightPercent, string changeCause, CancellationToken ct);

    Task<DeploymentResult<CanaryState>> SetCanaryWeightAsync(string service, int weightPercent, CancellationToken ct);

    /// <summary>Makes the canary's version the stable one for all traffic and waits for that rollout like <see cref="RollbackAsync"/>.</summary>
    Task<DeploymentResult<ServiceDeployment>> PromoteCanaryAsync(string service, string changeCause, IProgress<RolloutProgress>? progress, CancellationToken ct);

    /// <summary>Sends all traffic back to the stable version and removes the canary.</summary>
    Task<DeploymentResult<ServiceDeployment>> AbortCanaryAsync(string service, CancellationToken ct);
}
