using System.Globalization;
using HmsOps.Core.Deployments;
using k8s.Models;

namespace HmsOps.Kubernetes;

/// <summary>Reads what the console shows from Deployments and ReplicaSets; pure functions over the API objects.</summary>
internal static class DeploymentReading
{
    public const string ChangeCause = "kubernetes.io/change-cause";
    public const string Revision = "deployment.kubernetes.io/revision";

    /// <summary>The service's container: the one named like the service, else the first.</summary>
    public static V1Container Container(V1PodTemplateSpec template, string service) =>
        template.Spec.Containers.FirstOrDefault(c => c.Name == service) ?? template.Spec.Containers[0];

    public static int ContainerIndex(V1PodTemplateSpec template, string service)
    {
        var index = template.Spec.Containers.ToList().FindIndex(c => c.Name == service);
        return index < 0 ? 0 : index;
    }

    /// <summary>Environment, env sources and arguments of the service's container: what a config diff compares.</summary>
    public static IReadOnlyDictionary<string, string> Config(V1PodTemplateSpec template, string service)
    {
        var container = Container(template, service);
        var config = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var env in container.Env ?? [])
        {
            config["env." + env.Name] = env.Value ?? env.ValueFrom switch
            {
                { SecretKeyRef: { } s } => $"(secret {s.Name}/{s.Key})",
                { ConfigMapKeyRef: { } c } => $"(configMap {c.Name}/{c.Key})",
                { FieldRef: { } f } => $"(field {f.FieldPath})",
                _ => "(from source)",
            };
        }
        foreach (var source in container.EnvFrom ?? [])
        {
            var name = source.ConfigMapRef?.Name is { } map ? "configMap " + map : "secret " + source.SecretRef?.Name;
            config["envFrom." + (source.Prefix ?? "") + name] = name;
        }
        if (container.Args is { Count: > 0 } args)
        {
            config["args"] = string.Join(' ', args);
        }
        return config;
    }

    public static string ServiceName(V1Deployment deployment, string serviceLabel) =>
        deployment.Metadata.Labels.Lookup(serviceLabel) ?? deployment.Metadata.Name;

    public static DeploymentSnapshot Snapshot(V1PodTemplateSpec template, string service, int replicas)
    {
        var image = Container(template, service).Image;
        var config = Config(template, service);
        return new DeploymentSnapshot(ImageReference.Version(image), image, replicas, ImageReference.ConfigDigest(config), config);
    }

    /// <summary>The ReplicaSets the deployment controller made for this Deployment, newest revision first.</summary>
    public static IReadOnlyList<V1ReplicaSet> Owned(V1Deployment deployment, IEnumerable<V1ReplicaSet> replicaSets) =>
        replicaSets
            .Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Kind == "Deployment" && o.Uid == deployment.Metadata.Uid) == true)
            .OrderByDescending(RevisionOf)
            .ToArray();

    public static long RevisionOf(V1ReplicaSet rs) =>
        long.TryParse(rs.Metadata.Annotations.Lookup(Revision), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

    /// <summary>The label selector (<c>k=v,k2=v2</c>) of a Deployment's matchLabels, to list its ReplicaSets.</summary>
    public static string Selector(V1Deployment deployment) =>
        string.Join(',', (deployment.Spec.Selector.MatchLabels ?? new Dictionary<string, string>())
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public static int DesiredReplicas(V1Deployment deployment) => deployment.Spec.Replicas ?? 1;
}

/// <summary>Where a rollout stands, read the way <c>kubectl rollout status</c> reads it.</summary>
internal sealed record RolloutStatus(bool Done, string? Failure, int Updated, int Available, int Desired, string Message)
{
    public static RolloutStatus Of(V1Deployment deployment)
    {
        var desired = DeploymentReading.DesiredReplicas(deployment);
        var status = deployment.Status ?? new V1DeploymentStatus();
        var updated = status.UpdatedReplicas ?? 0;
        var available = status.AvailableReplicas ?? 0;
        var total = status.Replicas ?? 0;
        var progressing = status.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        if (progressing is { Reason: "ProgressDeadlineExceeded" })
        {
            return new(false, progressing.Message ?? "the rollout exceeded its progress deadline", updated, available, desired,
                "progress deadline exceeded");
        }
        if ((status.ObservedGeneration ?? 0) < (deployment.Metadata.Generation ?? 0))
        {
            return new(false, null, updated, available, desired, "waiting for the deployment controller to see the change");
        }
        if (updated < desired)
        {
            return new(false, null, updated, available, desired, $"{updated} of {desired} new replicas have been updated");
        }
        if (total > updated)
        {
            return new(false, null, updated, available, desired, $"{total - updated} old replicas are pending termination");
        }
        if (available < desired)
        {
            return new(false, null, updated, available, desired, $"{available} of {desired} updated replicas are available");
        }
        return new(true, null, updated, available, desired, "successfully rolled out");
    }
}

internal static class MetadataExtensions
{
    /// <summary>A label or annotation value, or null when the map or the key is missing.</summary>
    public static string? Lookup(this IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;
}
