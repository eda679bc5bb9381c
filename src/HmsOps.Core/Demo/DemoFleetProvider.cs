using HmsOps.Core.Deployments;

namespace HmsOps.Core.Demo;

/// <summary>
/// <c>Deployments:Provider=DemoFleet</c>: changes the simulated fleet, so a rollback or canary shows on the radar.
/// The waiting mirrors Kubernetes: a rollback returns once every replica runs the target version, or Timeout.
/// </summary>
public sealed class DemoFleetProvider(DemoFleetState state, DemoOptions demo, DeploymentOptions options, TimeProvider time) : IDeploymentProvider
{
    public string Name => "DemoFleet";

    public Task<DeploymentResult<IReadOnlyList<ServiceDeployment>>> ListServicesAsync(CancellationToken ct)
    {
        IReadOnlyList<ServiceDeployment> services = state.Services.Select(state.Get).OfType<ServiceDeployment>().ToArray();
        return Task.FromResult(DeploymentResult<IReadOnlyList<ServiceDeployment>>.Ok(services));
    }

    public Task<DeploymentResult<IReadOnlyList<DeploymentRevision>>> GetHistoryAsync(string service, CancellationToken ct)
    {
        if (state.History(service) is not { } history || state.CurrentVersion(service) is not { } current)
        {
            return Task.FromResult<DeploymentResult<IReadOnlyList<DeploymentRevision>>>(UnknownService(service));
        }
        var newest = history.Select(h => h.Revision).DefaultIfEmpty(0).Max();
        IReadOnlyList<DeploymentRevision> revisions = history
            .OrderByDescending(h => h.Revision)
            .Select(h => new DeploymentRevision(h.Revision, h.Version, h.Image, h.ChangeCause, h.DeployedAt, h.Revision == newest && h.Version == current))
            .ToArray();
        return Task.FromResult(DeploymentResult<IReadOnlyList<DeploymentRevision>>.Ok(revisions));
    }

    public Task<DeploymentResult<DeploymentDiff>> DiffAsync(string service, string targetVersion, CancellationToken ct)
    {
        if (state.Get(service) is not { } current)
        {
            return Task.FromResult<DeploymentResult<DeploymentDiff>>(UnknownService(service));
        }
        if (!state.KnownVersions(service).Contains(targetVersion, StringComparer.Ordinal))
        {
            return Task.FromResult<DeploymentResult<DeploymentDiff>>(DeploymentError.NotFound($"{service} has no version {targetVersion}"));
        }
        var seed = demo.SeedFor(service);
        // The demo's configuration is the same for every version, so its diff shows image and version only.
        var running = new DeploymentSnapshot(current.Version, current.Image, current.DesiredReplicas, current.ConfigDigest, seed.Config);
        var target = running with { Version = targetVersion, Image = DemoDeploymentView.ImageFor(service, seed, targetVersion) };
        return Task.FromResult<DeploymentResult<DeploymentDiff>>(new DeploymentDiff(service, running, target));
    }

    public async Task<DeploymentResult<ServiceDeployment>> RollbackAsync(string service, string targetVersion, string changeCause,
        IProgress<RolloutProgress>? progress, CancellationToken ct)
    {
        var started = state.StartRollback(service, targetVersion, changeCause);
        return started.IsOk ? await WaitAsync(service, targetVersion, progress, ct).ConfigureAwait(false) : started.Error;
    }

    public Task<DeploymentResult<CanaryState>> StartCanaryAsync(string service, string version, int weightPercent, string changeCause, CancellationToken ct) =>
        Task.FromResult(state.StartCanary(service, version, weightPercent, changeCause));

    public Task<DeploymentResult<CanaryState>> SetCanaryWeightAsync(string service, int weightPercent, CancellationToken ct) =>
        Task.FromResult(state.SetCanaryWeight(service, weightPercent));

    public async Task<DeploymentResult<ServiceDeployment>> PromoteCanaryAsync(string service, string changeCause,
        IProgress<RolloutProgress>? progress, CancellationToken ct)
    {
        var started = state.PromoteCanary(service, changeCause);
        return started.IsOk ? await WaitAsync(service, started.Value.TargetVersion, progress, ct).ConfigureAwait(false) : started.Error;
    }

    public Task<DeploymentResult<ServiceDeployment>> AbortCanaryAsync(string service, CancellationToken ct) =>
        Task.FromResult(state.AbortCanary(service));

    private async Task<DeploymentResult<ServiceDeployment>> WaitAsync(string service, string target, IProgress<RolloutProgress>? progress, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + options.RolloutTimeout;
        while (true)
        {
            var (now, updated) = state.RolloutView(service)!.Value;
            if (now.InFlight is null)
            {
                progress?.Report(new RolloutProgress(service, target, now.DesiredReplicas, now.DesiredReplicas, now.DesiredReplicas,
                    $"{service} runs {now.Version} on every replica"));
                return now.Version == target ? now : DeploymentError.Failed($"{service} runs {now.Version}, not {target}");
            }
            progress?.Report(new RolloutProgress(service, target, updated, now.ReadyReplicas, now.DesiredReplicas, now.InFlight.Detail));
            if (time.GetUtcNow() >= deadline)
            {
                return DeploymentError.Timeout($"{service} did not finish rolling out {target} within {options.RolloutTimeout}");
            }
            await Task.Delay(options.PollInterval, time, ct).ConfigureAwait(false);
        }
    }

    private static DeploymentError UnknownService(string service) =>
        DeploymentError.NotFound($"'{service}' is not a demo service; expected one of {string.Join(", ", DemoOptions.Services)}");
}
