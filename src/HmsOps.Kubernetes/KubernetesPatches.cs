using System.Text.Json.Nodes;

namespace HmsOps.Kubernetes;

/// <summary>
/// The exact bodies the provider sends; the fake API server in the tests checks them byte for byte.
/// Deployments take strategic-merge patches (containers merge by name, so only the one image changes);
/// Argo Rollouts are custom resources, which take JSON merge or JSON patches only.
/// </summary>
internal static class KubernetesPatches
{
    public const string StrategicMerge = "application/strategic-merge-patch+json";
    public const string Merge = "application/merge-patch+json";
    public const string Json = "application/json-patch+json";

    /// <summary>
    /// Rollback/promote: the container's image plus the change cause. <paramref name="resourceVersion"/> makes the patch
    /// conditional: if anyone changed the Deployment since we read it, the server answers 409 instead of applying ours.
    /// </summary>
    public static string Image(string container, string image, string changeCause, string resourceVersion, int? replicas = null)
    {
        var spec = new JsonObject();
        if (replicas is { } count)
        {
            spec["replicas"] = count;
        }
        spec["template"] = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = container, ["image"] = image }),
            },
        };
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["annotations"] = new JsonObject { [DeploymentReading.ChangeCause] = changeCause },
                ["resourceVersion"] = resourceVersion,
            },
            ["spec"] = spec,
        }.ToJsonString();
    }

    public static string Replicas(int replicas) =>
        new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } }.ToJsonString();

    /// <summary>Argo Rollouts: a new image starts its canary; the steps become "go to this weight, then pause".</summary>
    public static string RolloutCanary(int containerIndex, string image, int weightPercent) =>
        new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = $"/spec/template/spec/containers/{containerIndex}/image", ["value"] = image },
            Steps(weightPercent)).ToJsonString();

    /// <summary>Argo resets to the first step when the steps change, so this moves the canary straight to the weight and holds it there.</summary>
    public static string RolloutWeight(int weightPercent) => new JsonArray(Steps(weightPercent)).ToJsonString();

    /// <summary>What <c>kubectl argo rollouts promote --full</c> sends to the status subresource.</summary>
    public const string RolloutPromoteFull = """{"status":{"promoteFull":true}}""";

    /// <summary>What <c>kubectl argo rollouts abort</c> sends to the status subresource.</summary>
    public const string RolloutAbort = """{"status":{"abort":true}}""";

    private static JsonObject Steps(int weightPercent) => new()
    {
        ["op"] = "replace",
        ["path"] = "/spec/strategy/canary/steps",
        ["value"] = new JsonArray(new JsonObject { ["setWeight"] = weightPercent }, new JsonObject { ["pause"] = new JsonObject() }),
    };
}
