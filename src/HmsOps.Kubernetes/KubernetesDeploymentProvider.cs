using HmsOps.Core.Deployments;
using k8s;
using k8s.Models;

namespace HmsOps.Kubernetes;

/// <summary>
/// <c>Deployments:Provider=Kubernetes</c>: services are the Deployments labelled <c>app.kubernetes.io/name</c> in one
/// namespace; their history is the ReplicaSets they own. A rollback patches the container image back to an earlier
/// tag (strategic-merge patch, conditional on the resourceVersion read just before) and waits for the rollout the
/// way <c>kubectl rollout status</c> does. Canaries are in <c>KubernetesDeploymentProvider.Canary.cs</c>.
/// </summary>
public sealed partial class KubernetesDeploymentProvider : IDeploymentProvider, IDisposable
{
    private readonly IKubernetes _client;
    private readonly DeploymentOptions _options;
    private readonly KubernetesDeploymentOptions _kube;
    private readonly TimeProvider _time;
    private readonly KubernetesCalls _calls;

    public KubernetesDeploymentProvider(IKubernetes client, DeploymentOptions options, TimeProvider time)
    {
        _client = client;
        _options = options;
        _kube = options.Kubernetes;
        _time = time;
        _calls = new KubernetesCalls(_kube.RequestTimeout, time);
    }

    /// <summary>A client from the kubeconfig file named in the options, or the pod's service account when none is named.</summary>
    public static KubernetesDeploymentProvider Create(DeploymentOptions options, TimeProvider time)
    {
        var kube = options.Kubernetes;
        var config = string.IsNullOrWhiteSpace(kube.Kubeconfig)
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(kube.Kubeconfig, string.IsNullOrWhiteSpace(kube.Context) ? null : kube.Context);
        // Our own per-call deadline decides; HttpClient's must not cut in first with a different message.
        config.HttpClientTimeout = kube.RequestTimeout + TimeSpan.FromSeconds(5);
        return new KubernetesDeploymentProvider(new k8s.Kubernetes(config), options, time);
    }

    public string Name => "Kubernetes";

    private string Namespace => _kube.Namespace;

    public void Dispose() => _client.Dispose();

    public async Task<DeploymentResult<IReadOnlyList<ServiceDeployment>>> ListServicesAsync(CancellationToken ct)
    {
        var stable = await _calls.RunAsync("list deployments", t => _client.AppsV1.ListNamespacedDeploymentAsync(Namespace,
            labelSelector: _kube.ServiceLabel, cancellationToken: t), ct).ConfigureAwait(false);
        if (!stable.IsOk)
        {
            return stable.Error;
        }
        var canaries = await _calls.RunAsync("list canary deployments", t => _client.AppsV1.ListNamespacedDeploymentAsync(Namespace,
            labelSelector: CanaryOfLabel, cancellationToken: t), ct).ConfigureAwait(false);
        if (!canaries.IsOk)
        {
            return canaries.Error;
        }
        var canaryByService = canaries.Value.Items
            .Where(c => c.Metadata.Labels?.ContainsKey(CanaryOfLabel) == true)
            .ToDictionary(c => c.Metadata.Labels[CanaryOfLabel], StringComparer.Ordinal);
        IReadOnlyList<ServiceDeployment> services = stable.Value.Items
            .Select(d => Describe(d, canaryByService.GetValueOrDefault(DeploymentReading.ServiceName(d, _kube.ServiceLabel))))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToArray();
        return DeploymentResult<IReadOnlyList<ServiceDeployment>>.Ok(services);
    }

    public async Task<DeploymentResult<IReadOnlyList<DeploymentRevision>>> GetHistoryAsync(string service, CancellationToken ct)
    {
        var found = await FindAsync(service, ct).ConfigureAwait(false);
        if (!found.IsOk)
        {
            return found.Error;
        }
        var owned = await OwnedReplicaSetsAsync(found.Value, ct).ConfigureAwait(false);
        if (!owned.IsOk)
        {
            return owned.Error;
        }
        var newest = owned.Value.Count == 0 ? 0 : DeploymentReading.RevisionOf(owned.Value[0]);
        IReadOnlyList<DeploymentRevision> history = owned.Value
            .Take(_kube.MaxHistory)
            .Select(rs => new DeploymentRevision(
                DeploymentReading.RevisionOf(rs),
                ImageReference.Version(DeploymentReading.Container(rs.Spec.Template, service).Image),
                DeploymentReading.Container(rs.Spec.Template, service).Image,
                rs.Metadata.Annotations.Lookup(DeploymentReading.ChangeCause),
                rs.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null,
                DeploymentReading.RevisionOf(rs) == newest))
            .ToArray();
        return DeploymentResult<IReadOnlyList<DeploymentRevision>>.Ok(history);
    }

    public async Task<DeploymentResult<DeploymentDiff>> DiffAsync(string service, string targetVersion, CancellationToken ct)
    {
        var found = await FindAsync(service, ct).ConfigureAwait(false);
        if (!found.IsOk)
        {
            return found.Error;
        }
        var deployment = found.Value;
        var owned = await OwnedReplicaSetsAsync(deployment, ct).ConfigureAwait(false);
        if (!owned.IsOk)
        {
            return owned.Error;
        }
        var replicas = DeploymentReading.DesiredReplicas(deployment);
        var current = DeploymentReading.Snapshot(deployment.Spec.Template, service, replicas);
        // An earlier version is compared with the pod template it ran with; a new one (a canary) with today's template and its image.
        var earlier = WithVersion(owned.Value, service, targetVersion);
        var target = earlier is not null
            ? DeploymentReading.Snapshot(earlier.Spec.Template, service, replicas)
            : current with { Version = targetVersion, Image = ImageReference.WithVersion(current.Image, targetVersion) };
        return new DeploymentDiff(service, current, target);
    }

    public async Task<DeploymentResult<ServiceDeployment>> RollbackAsync(string service, string targetVersion, string changeCause,
        IProgress<RolloutProgress>? progress, CancellationToken ct)
    {
        var found = await FindAsync(service, ct).ConfigureAwait(false);
        if (!found.IsOk)
        {
            return found.Error;
        }
        // No refusal for a rollout in progress: rolling back a stuck or failing release is the point. A concurrent
        // change is caught by the resourceVersion precondition on the patch instead (409 Conflict).
        var deployment = found.Value;
        var owned = await OwnedReplicaSetsAsync(deployment, ct).ConfigureAwait(false);
        if (!owned.IsOk)
        {
            return owned.Error;
        }
        if (WithVersion(owned.Value, service, targetVersion) is not { } earlier)
        {
            return DeploymentError.NotFound($"{targetVersion} is not in the history of {service}; its ReplicaSets ran "
                + string.Join(", ", owned.Value.Select(rs => ImageReference.Version(DeploymentReading.Container(rs.Spec.Template, service).Image)).Distinct()));
        }
        var current = DeploymentReading.Container(deployment.Spec.Template, service);
        if (ImageReference.Version(current.Image) == targetVersion)
        {
            return DeploymentError.Conflict($"{service} already runs {targetVersion}");
        }
        var image = DeploymentReading.Container(earlier.Spec.Template, service).Image;
        var patch = KubernetesPatches.Image(current.Name, image, changeCause, deployment.Metadata.ResourceVersion);
        var patched = await PatchDeploymentAsync(deployment.Metadata.Name, patch, KubernetesPatches.StrategicMerge, $"roll {service} back to {targetVersion}", ct)
            .ConfigureAwait(false);
        return patched.IsOk
            ? await WaitForRolloutAsync(service, deployment.Metadata.Name, targetVersion, progress, ct).ConfigureAwait(false)
            : patched.Error;
    }

    /// <summary>Polls the Deployment until the rollout completes, fails its progress deadline, or RolloutTimeout passes.</summary>
    private async Task<DeploymentResult<ServiceDeployment>> WaitForRolloutAsync(string service, string name, string target,
        IProgress<RolloutProgress>? progress, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + _options.RolloutTimeout;
        while (true)
        {
            var read = await _calls.RunAsync($"read deployment {name}", t => _client.AppsV1.ReadNamespacedDeploymentAsync(name, Namespace, cancellationToken: t), ct)
                .ConfigureAwait(false);
            if (!read.IsOk)
            {
                return read.Error;
            }
            var status = RolloutStatus.Of(read.Value);
            progress?.Report(new RolloutProgress(service, target, status.Updated, status.Available, status.Desired, status.Message));
            if (status.Failure is { } failure)
            {
                return DeploymentError.Failed($"the rollout of {target} to {service} failed: {failure}");
            }
            if (status.Done)
            {
                return Describe(read.Value, null);
            }
            if (_time.GetUtcNow() >= deadline)
            {
                return DeploymentError.Timeout($"{service} did not finish rolling out {target} within {_options.RolloutTimeout}: {status.Message}");
            }
            await Task.Delay(_options.PollInterval, _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The one Deployment carrying <c>app.kubernetes.io/name=&lt;service&gt;</c>.</summary>
    private async Task<DeploymentResult<V1Deployment>> FindAsync(string service, CancellationToken ct)
    {
        if (!KubernetesNames.IsDnsLabel(service))
        {
            return DeploymentError.NotFound($"'{service}' is not a valid service name");
        }
        var listed = await _calls.RunAsync($"find {service}", t => _client.AppsV1.ListNamespacedDeploymentAsync(Namespace,
            labelSelector: $"{_kube.ServiceLabel}={service}", cancellationToken: t), ct).ConfigureAwait(false);
        if (!listed.IsOk)
        {
            return listed.Error;
        }
        return listed.Value.Items.Count switch
        {
            0 => DeploymentError.NotFound($"no Deployment in namespace {Namespace} is labelled {_kube.ServiceLabel}={service}"),
            1 => listed.Value.Items[0],
            _ => DeploymentError.Failed($"{listed.Value.Items.Count} Deployments in namespace {Namespace} are labelled {_kube.ServiceLabel}={service}; expected one"),
        };
    }

    private async Task<DeploymentResult<IReadOnlyList<V1ReplicaSet>>> OwnedReplicaSetsAsync(V1Deployment deployment, CancellationToken ct)
    {
        var listed = await _calls.RunAsync($"list replicasets of {deployment.Metadata.Name}", t => _client.AppsV1.ListNamespacedReplicaSetAsync(Namespace,
            labelSelector: DeploymentReading.Selector(deployment), cancellationToken: t), ct).ConfigureAwait(false);
        return listed.IsOk
            ? DeploymentResult<IReadOnlyList<V1ReplicaSet>>.Ok(DeploymentReading.Owned(deployment, listed.Value.Items))
            : listed.Error;
    }

    private Task<DeploymentResult<V1Deployment>> PatchDeploymentAsync(string name, string body, string contentType, string what, CancellationToken ct) =>
        _calls.RunAsync(what, t => _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(body, PatchType(contentType)), name, Namespace, cancellationToken: t), ct);

    private static V1Patch.PatchType PatchType(string contentType) => contentType switch
    {
        KubernetesPatches.StrategicMerge => V1Patch.PatchType.StrategicMergePatch,
        KubernetesPatches.Merge => V1Patch.PatchType.MergePatch,
        _ => V1Patch.PatchType.JsonPatch,
    };

    private static V1ReplicaSet? WithVersion(IEnumerable<V1ReplicaSet> owned, string service, string version) =>
        owned.FirstOrDefault(rs => ImageReference.Version(DeploymentReading.Container(rs.Spec.Template, service).Image) == version);

    private ServiceDeployment Describe(V1Deployment deployment, V1Deployment? canary)
    {
        var service = DeploymentReading.ServiceName(deployment, _kube.ServiceLabel);
        var snapshot = DeploymentReading.Snapshot(deployment.Spec.Template, service, DeploymentReading.DesiredReplicas(deployment));
        var status = RolloutStatus.Of(deployment);
        InFlightChange? inFlight = null;
        if (canary is not null)
        {
            var canaryImage = DeploymentReading.Container(canary.Spec.Template, service).Image;
            var weight = CanaryWeight(canary);
            inFlight = new InFlightChange(InFlightKind.Canary, ImageReference.Version(canaryImage), weight,
                $"canary {canary.Metadata.Name} runs {canaryImage} on {canary.Spec.Replicas ?? 0} replicas");
        }
        else if (!status.Done)
        {
            inFlight = new InFlightChange(InFlightKind.Rollout, snapshot.Version, null, status.Failure ?? status.Message);
        }
        var ready = (deployment.Status?.ReadyReplicas ?? 0) + (canary?.Status?.ReadyReplicas ?? 0);
        var desired = snapshot.Replicas + (canary?.Spec.Replicas ?? 0);
        return new ServiceDeployment(service, snapshot.Version, snapshot.Image, ready, desired, snapshot.ConfigDigest, inFlight);
    }
}
