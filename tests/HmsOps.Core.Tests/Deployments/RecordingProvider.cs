using System.Collections.Concurrent;
using HmsOps.Core.Deployments;

namespace HmsOps.Core.Tests.Deployments;

/// <summary>A deployment provider that records each call and answers with whatever outcome a test sets.</summary>
internal sealed class RecordingProvider : IDeploymentProvider
{
    public string Name => "Recording";

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>When set, every changing call fails with it.</summary>
    public DeploymentError? Failure { get; set; }

    public DeploymentError? ListFailure { get; set; }

    public string Version { get; set; } = "v1.9.0";

    public string? LastCause { get; private set; }

    private ServiceDeployment Service(string version) =>
        new("ach-svc", version, $"registry.local/ach-svc:{version}", 3, 3, "abc123", null);

    public Task<DeploymentResult<IReadOnlyList<ServiceDeployment>>> ListServicesAsync(CancellationToken ct) =>
        Task.FromResult(ListFailure is { } failure
            ? (DeploymentResult<IReadOnlyList<ServiceDeployment>>)failure
            : DeploymentResult<IReadOnlyList<ServiceDeployment>>.Ok([Service(Version)]));

    public Task<DeploymentResult<IReadOnlyList<DeploymentRevision>>> GetHistoryAsync(string service, CancellationToken ct) =>
        Task.FromResult(DeploymentResult<IReadOnlyList<DeploymentRevision>>.Ok([]));

    public Task<DeploymentResult<DeploymentDiff>> DiffAsync(string service, string targetVersion, CancellationToken ct)
    {
        var current = new DeploymentSnapshot(Version, $"registry.local/ach-svc:{Version}", 3, "abc123", new Dictionary<string, string>());
        return Task.FromResult(DeploymentResult<DeploymentDiff>.Ok(new DeploymentDiff(service, current,
            current with { Version = targetVersion, Image = $"registry.local/ach-svc:{targetVersion}" })));
    }

    public Task<DeploymentResult<ServiceDeployment>> RollbackAsync(string service, string targetVersion, string changeCause,
        IProgress<RolloutProgress>? progress, CancellationToken ct)
    {
        Calls.Enqueue($"rollback {service} {targetVersion}");
        LastCause = changeCause;
        return Changed(() => Service(Version = targetVersion));
    }

    public Task<DeploymentResult<CanaryState>> StartCanaryAsync(string service, string version, int weightPercent, string changeCause, CancellationToken ct)
    {
        Calls.Enqueue($"start-canary {service} {version} {weightPercent}");
        LastCause = changeCause;
        return Changed(() => new CanaryState(service, Version, version, weightPercent, 2, 1));
    }

    public Task<DeploymentResult<CanaryState>> SetCanaryWeightAsync(string service, int weightPercent, CancellationToken ct)
    {
        Calls.Enqueue($"canary-weight {service} {weightPercent}");
        return Changed(() => new CanaryState(service, Version, "v1.9.1", weightPercent, 2, 1));
    }

    public Task<DeploymentResult<ServiceDeployment>> PromoteCanaryAsync(string service, string changeCause, IProgress<RolloutProgress>? progress, CancellationToken ct)
    {
        Calls.Enqueue($"promote {service}");
        LastCause = changeCause;
        return Changed(() => Service(Version = "v1.9.1"));
    }

    public Task<DeploymentResult<ServiceDeployment>> AbortCanaryAsync(string service, CancellationToken ct)
    {
        Calls.Enqueue($"abort {service}");
        return Changed(() => Service(Version));
    }

    private Task<DeploymentResult<T>> Changed<T>(Func<T> value) =>
        Task.FromResult(Failure is { } failure ? (DeploymentResult<T>)failure : DeploymentResult<T>.Ok(value()));
}
