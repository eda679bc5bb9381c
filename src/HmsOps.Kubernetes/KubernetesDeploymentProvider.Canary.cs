using System.Globalization;
using System.Text.Json;
using HmsOps.Core.Deployments;
using k8s;
using k8s.Models;

namespace HmsOps.Kubernetes;

/// <summary>
/// Canaries. When an Argo Rollouts <c>Rollout</c> named like the service exists, Argo does the work: a new image starts
/// its canary, the steps are set to "weight, pause", promote is <c>status.promoteFull</c>, abort is <c>status.abort</c>.
/// Otherwise a <c>&lt;name&gt;-canary</c> Deployment is made from the stable one with the new image, and replicas are
/// split between the two by weight (total × weight, rounded, at least one), the Service sending traffic to both.
/// </summary>
public sealed partial class KubernetesDeploymentProvider
{
    public const string CanaryOfLabel = "hms-ops.gov/canary-of";
    public const string TrackLabel = "hms-ops.gov/track";
    public const string TotalReplicasAnnotation = "hms-ops.gov/total-replicas";
    private const string ArgoGroup = "argoproj.io";
    private const string ArgoVersion = "v1alpha1";
    private const string ArgoPlural = "rollouts";

    public async Task<DeploymentResult<CanaryState>> StartCanaryAsync(string service, string version, int weightPercent, string changeCause, CancellationToken ct)
    {
        if (InvalidCanary(weightPercent, version) is { } invalid)
        {
            return invalid;
        }
        var argo = await ArgoRolloutAsync(service, ct).ConfigureAwait(false);
        if (!argo.IsOk)
        {
            return argo.Error;
        }
        if (argo.Value is { } rollout)
        {
            return await StartArgoCanaryAsync(service, rollout, version, weightPercent, ct).ConfigureAwait(false);
        }
        var found = await FindAsync(service, ct).ConfigureAwait(false);
        if (!found.IsOk)
        {
            return found.Error;
        }
        var stable = found.Value;
        var total = DeploymentReading.DesiredReplicas(stable);
        var stableImage = DeploymentReading.Container(stable.Spec.Template, service).Image;
        if (ImageReference.Version(stableImage) == version)
        {
            return DeploymentError.Conflict($"{service} already runs {version}; a canary needs another version");
        }
        var (stableReplicas, canaryReplicas) = Split(total, weightPercent);
        var canary = CanaryDeployment(stable, service, ImageReference.WithVersion(stableImage, version), canaryReplicas, total, changeCause);
        var created = await _calls.RunAsync($"create {canary.Metadata.Name}", t => _client.AppsV1.CreateNamespacedDeploymentAsync(canary, Namespace, cancellationToken: t), ct)
            .ConfigureAwait(false);
        if (!created.IsOk)
        {
            return created.Outcome == DeploymentOutcome.Conflict
                ? DeploymentError.Conflict($"{service} already has a canary ({canary.Metadata.Name})")
                : created.Error;
        }
        var scaled = await ScaleAsync(stable.Metadata.Name, stableReplicas, ct).ConfigureAwait(false);
        return scaled.IsOk
            ? new CanaryState(service, ImageReference.Version(stableImage), version, weightPercent, stableReplicas, canaryReplicas)
            : scaled.Error;
    }

    public async Task<DeploymentResult<CanaryState>> SetCanaryWeightAsync(string service, int weightPercent, CancellationToken ct)
    {
        if (InvalidCanary(weightPercent, "v") is { } invalid)
        {
            return invalid;
        }
        var argo = await ArgoRolloutAsync(service, ct).ConfigureAwait(false);
        if (!argo.IsOk)
        {
            return argo.Error;
        }
        if (argo.Value is { } rollout)
        {
            var patched = await PatchRolloutAsync(service, KubernetesPatches.RolloutWeight(weightPercent), KubernetesPatches.Json, status: false,
                $"set the canary weight of {service}", ct).ConfigureAwait(false);
            return patched.IsOk ? ArgoState(service, rollout, weightPercent) : patched.Error;
        }
        var pair = await CanaryPairAsync(service, ct).ConfigureAwait(false);
        if (!pair.IsOk)
        {
            return pair.Error;
        }
        var (stable, canary, total) = pair.Value;
        var (stableReplicas, canaryReplicas) = Split(total, weightPercent);
        // Canary first: while both change, the service briefly has more replicas rather than fewer.
        var first = await ScaleAsync(canary.Metadata.Name, canaryReplicas, ct).ConfigureAwait(false);
        if (!first.IsOk)
        {
            return first.Error;
        }
        var second = await ScaleAsync(stable.Metadata.Name, stableReplicas, ct).ConfigureAwait(false);
        return second.IsOk
            ? new CanaryState(service, VersionOf(stable, service), VersionOf(canary, service), weightPercent, stableReplicas, canaryReplicas)
            : second.Error;
    }

    public async Task<DeploymentResult<ServiceDeployment>> PromoteCanaryAsync(string service, string changeCause, IProgress<RolloutProgress>? progress, CancellationToken ct)
    {
        var argo = await ArgoRolloutAsync(service, ct).ConfigureAwait(false);
        if (!argo.IsOk)
        {
            return argo.Error;
        }
        if (argo.Value is not null)
        {
            var promoted = await PatchRolloutAsync(service, KubernetesPatches.RolloutPromoteFull, KubernetesPatches.Merge, status: true, $"promote {service}", ct)
                .ConfigureAwait(false);
            return promoted.IsOk ? ArgoDescribe(service, promoted.Value) : promoted.Error;
        }
        var pair = await CanaryPairAsync(service, ct).ConfigureAwait(false);
        if (!pair.IsOk)
        {
            return pair.Error;
        }
        var (stable, canary, total) = pair.Value;
        var container = DeploymentReading.Container(stable.Spec.Template, service).Name;
        var image = DeploymentReading.Container(canary.Spec.Template, service).Image;
        var patch = KubernetesPatches.Image(container, image, changeCause, stable.Metadata.ResourceVersion, total);
        var patched = await PatchDeploymentAsync(stable.Metadata.Name, patch, KubernetesPatches.StrategicMerge, $"promote {image} to {stable.Metadata.Name}", ct)
            .ConfigureAwait(false);
        if (!patched.IsOk)
        {
            return patched.Error;
        }
        var rolled = await WaitForRolloutAsync(service, stable.Metadata.Name, ImageReference.Version(image), progress, ct).ConfigureAwait(false);
        if (!rolled.IsOk)
        {
            // The canary stays up while the stable one has not taken over, so capacity is not lost.
            return rolled.Error;
        }
        var deleted = await DeleteAsync(canary.Metadata.Name, ct).ConfigureAwait(false);
        return deleted.IsOk ? rolled : deleted.Error;
    }

    public async Task<DeploymentResult<ServiceDeployment>> AbortCanaryAsync(string service, CancellationToken ct)
    {
        var argo = await ArgoRolloutAsync(service, ct).ConfigureAwait(false);
        if (!argo.IsOk)
        {
            return argo.Error;
        }
        if (argo.Value is not null)
        {
            var aborted = await PatchRolloutAsync(service, KubernetesPatches.RolloutAbort, KubernetesPatches.Merge, status: true, $"abort the canary of {service}", ct)
                .ConfigureAwait(false);
            return aborted.IsOk ? ArgoDescribe(service, aborted.Value) : aborted.Error;
        }
        var pair = await CanaryPairAsync(service, ct).ConfigureAwait(false);
        if (!pair.IsOk)
        {
            return pair.Error;
        }
        var (stable, canary, total) = pair.Value;
        // Stable back to full strength first, then the canary goes: the service never runs short.
        var scaled = await ScaleAsync(stable.Metadata.Name, total, ct).ConfigureAwait(false);
        if (!scaled.IsOk)
        {
            return scaled.Error;
        }
        var deleted = await DeleteAsync(canary.Metadata.Name, ct).ConfigureAwait(false);
        return deleted.IsOk ? Describe(scaled.Value, null) : deleted.Error;
    }

    private static DeploymentError? InvalidCanary(int weightPercent, string version) =>
        weightPercent is < 1 or > 100 ? DeploymentError.Failed("the canary weight must be between 1 and 100 %")
        : !ImageReference.IsValidTag(version) ? DeploymentError.Failed($"'{version}' is not a valid image tag")
        : null;

    /// <summary>Replicas for a weight: the canary gets total × weight (rounded, at least one), the stable the rest.</summary>
    internal static (int Stable, int Canary) Split(int total, int weightPercent)
    {
        var canary = Math.Clamp((int)Math.Round(total * weightPercent / 100.0, MidpointRounding.AwayFromZero), 1, Math.Max(total, 1));
        return (Math.Max(total - canary, 0), canary);
    }

    private static int? CanaryWeight(V1Deployment canary)
    {
        var total = TotalOf(canary);
        return total is > 0 ? (int)Math.Round(100.0 * (canary.Spec.Replicas ?? 0) / total.Value) : null;
    }

    private static int? TotalOf(V1Deployment canary) =>
        int.TryParse(canary.Metadata.Annotations.Lookup(TotalReplicasAnnotation), NumberStyles.None, CultureInfo.InvariantCulture, out var total) ? total : null;

    private static string VersionOf(V1Deployment deployment, string service) =>
        ImageReference.Version(DeploymentReading.Container(deployment.Spec.Template, service).Image);

    /// <summary>The canary: the stable Deployment's pod template with the new image; its pods carry the track label so the two selectors stay apart.</summary>
    private V1Deployment CanaryDeployment(V1Deployment stable, string service, string image, int replicas, int total, string changeCause)
    {
        var template = KubernetesJson.Deserialize<V1PodTemplateSpec>(KubernetesJson.Serialize(stable.Spec.Template));
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>()) { [TrackLabel] = "canary" };
        template.Spec.Containers[DeploymentReading.ContainerIndex(template, service)].Image = image;
        var selector = new Dictionary<string, string>(stable.Spec.Selector.MatchLabels ?? new Dictionary<string, string>()) { [TrackLabel] = "canary" };
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta
            {
                Name = stable.Metadata.Name + "-canary",
                NamespaceProperty = Namespace,
                Labels = new Dictionary<string, string> { [CanaryOfLabel] = service, ["app.kubernetes.io/managed-by"] = "hms-ops" },
                Annotations = new Dictionary<string, string>
                {
                    [DeploymentReading.ChangeCause] = changeCause,
                    [TotalReplicasAnnotation] = total.ToString(CultureInfo.InvariantCulture),
                },
            },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = selector },
                Template = template,
            },
        };
    }

    private async Task<DeploymentResult<(V1Deployment Stable, V1Deployment Canary, int Total)>> CanaryPairAsync(string service, CancellationToken ct)
    {
        var found = await FindAsync(service, ct).ConfigureAwait(false);
        if (!found.IsOk)
        {
            return found.Error;
        }
        var name = found.Value.Metadata.Name + "-canary";
        var canary = await _calls.RunAsync($"read {name}", t => _client.AppsV1.ReadNamespacedDeploymentAsync(name, Namespace, cancellationToken: t), ct)
            .ConfigureAwait(false);
        if (!canary.IsOk)
        {
            return canary.Outcome == DeploymentOutcome.NotFound ? DeploymentError.NotFound($"{service} has no canary ({name})") : canary.Error;
        }
        var total = TotalOf(canary.Value) ?? DeploymentReading.DesiredReplicas(found.Value) + (canary.Value.Spec.Replicas ?? 0);
        return (found.Value, canary.Value, total);
    }

    private Task<DeploymentResult<V1Deployment>> ScaleAsync(string name, int replicas, CancellationToken ct) =>
        PatchDeploymentAsync(name, KubernetesPatches.Replicas(replicas), KubernetesPatches.StrategicMerge, $"scale {name} to {replicas}", ct);

    private async Task<DeploymentResult<bool>> DeleteAsync(string name, CancellationToken ct)
    {
        var deleted = await _calls.RunAsync($"delete {name}", t => _client.AppsV1.DeleteNamespacedDeploymentAsync(name, Namespace, cancellationToken: t), ct)
            .ConfigureAwait(false);
        // Already gone is what we wanted.
        return deleted.IsOk || deleted.Outcome == DeploymentOutcome.NotFound ? true : deleted.Error;
    }

    /// <summary>The service as the Rollout the API server returned describes it (Argo keeps replicas in its status).</summary>
    private static ServiceDeployment ArgoDescribe(string service, JsonElement rollout)
    {
        var containers = rollout.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers").EnumerateArray().ToArray();
        var container = containers.FirstOrDefault(c => c.GetProperty("name").GetString() == service);
        var image = (container.ValueKind == JsonValueKind.Object ? container : containers[0]).GetProperty("image").GetString()!;
        var status = rollout.TryGetProperty("status", out var s) ? s : default;
        int Count(string field) => status.ValueKind == JsonValueKind.Object && status.TryGetProperty(field, out var v) && v.TryGetInt32(out var n) ? n : 0;
        var phase = status.ValueKind == JsonValueKind.Object && status.TryGetProperty("phase", out var p) ? p.GetString() : null;
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        return new ServiceDeployment(service, ImageReference.Version(image), image, Count("readyReplicas"), ReplicasOf(rollout),
            ImageReference.ConfigDigest(config),
            phase is null or "Healthy" ? null : new InFlightChange(InFlightKind.Rollout, ImageReference.Version(image), null, $"Argo Rollout {phase}"));
    }

    /// <summary>The Argo Rollout named like the service, or null (Ok) when there is none, or Argo is not installed.</summary>
    private async Task<DeploymentResult<JsonElement?>> ArgoRolloutAsync(string service, CancellationToken ct)
    {
        var read = await _calls.RunAsync($"read rollout {service}", async t =>
        {
            var value = await _client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(ArgoGroup, ArgoVersion, Namespace, ArgoPlural, service, t)
                .ConfigureAwait(false);
            return (JsonElement?)value;
        }, ct).ConfigureAwait(false);
        return read.IsOk || read.Outcome == DeploymentOutcome.NotFound ? DeploymentResult<JsonElement?>.Ok(read.IsOk ? read.Value : null) : read.Error;
    }

    private async Task<DeploymentResult<CanaryState>> StartArgoCanaryAsync(string service, JsonElement rollout, string version, int weightPercent, CancellationToken ct)
    {
        if (!rollout.TryGetProperty("spec", out var spec) || !spec.TryGetProperty("strategy", out var strategy) || !strategy.TryGetProperty("canary", out _))
        {
            return DeploymentError.Failed($"the Rollout {service} does not use the canary strategy");
        }
        var containers = spec.GetProperty("template").GetProperty("spec").GetProperty("containers").EnumerateArray().ToArray();
        var index = Math.Max(0, Array.FindIndex(containers, c => c.GetProperty("name").GetString() == service));
        var stableImage = containers[index].GetProperty("image").GetString()!;
        if (ImageReference.Version(stableImage) == version)
        {
            return DeploymentError.Conflict($"{service} already runs {version}; a canary needs another version");
        }
        var patch = KubernetesPatches.RolloutCanary(index, ImageReference.WithVersion(stableImage, version), weightPercent);
        var patched = await PatchRolloutAsync(service, patch, KubernetesPatches.Json, status: false, $"start the canary of {service}", ct).ConfigureAwait(false);
        if (!patched.IsOk)
        {
            return patched.Error;
        }
        var (stableReplicas, canaryReplicas) = Split(ReplicasOf(rollout), weightPercent);
        return new CanaryState(service, ImageReference.Version(stableImage), version, weightPercent, stableReplicas, canaryReplicas);
    }

    private static CanaryState ArgoState(string service, JsonElement rollout, int weightPercent)
    {
        var image = rollout.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0].GetProperty("image").GetString()!;
        var stable = rollout.TryGetProperty("status", out var status) && status.TryGetProperty("stableRS", out var rs) ? rs.GetString() ?? "" : "";
        var (stableReplicas, canaryReplicas) = Split(ReplicasOf(rollout), weightPercent);
        return new CanaryState(service, stable, ImageReference.Version(image), weightPercent, stableReplicas, canaryReplicas);
    }

    private static int ReplicasOf(JsonElement rollout) =>
        rollout.GetProperty("spec").TryGetProperty("replicas", out var replicas) && replicas.TryGetInt32(out var count) ? count : 1;

    private Task<DeploymentResult<JsonElement>> PatchRolloutAsync(string service, string body, string contentType, bool status, string what, CancellationToken ct) =>
        _calls.RunAsync(what, async t =>
        {
            var patch = new V1Patch(body, PatchType(contentType));
            return status
                ? await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync<JsonElement>(patch, ArgoGroup, ArgoVersion, Namespace, ArgoPlural, service, cancellationToken: t).ConfigureAwait(false)
                : await _client.CustomObjects.PatchNamespacedCustomObjectAsync<JsonElement>(patch, ArgoGroup, ArgoVersion, Namespace, ArgoPlural, service, cancellationToken: t).ConfigureAwait(false);
        }, ct);
}
