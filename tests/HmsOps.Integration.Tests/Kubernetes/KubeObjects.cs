using System.Text.Json.Nodes;

namespace HmsOps.Integration.Tests.Kubernetes;

/// <summary>
/// API objects shaped like a real API server's answers (apps/v1 Deployment and ReplicaSet, argoproj.io/v1alpha1
/// Rollout, meta/v1 Status), with the fields the provider reads and the ones a server always sends around them.
/// </summary>
public static class KubeObjects
{
    public const string Namespace = "payments";
    public const string DeploymentUid = "5f1c7d1e-8a44-4d9b-9d0f-2b3c4d5e6f70";

    public sealed record RolloutState(int Generation, int ObservedGeneration, int Replicas, int Updated, int Ready, int Available, string? DeadlineMessage = null);

    public static readonly RolloutState Complete = new(7, 7, 3, 3, 3, 3);

    public static JsonObject Deployment(string name, string image, RolloutState state, string resourceVersion = "48213", int? replicas = null,
        string? service = null, JsonObject? extraLabels = null)
    {
        var labels = new JsonObject { ["app.kubernetes.io/name"] = service ?? name, ["app.kubernetes.io/part-of"] = "payments" };
        foreach (var (key, value) in extraLabels ?? [])
        {
            labels[key] = value?.DeepClone();
        }
        var conditions = new JsonArray(
            new JsonObject { ["type"] = "Available", ["status"] = "True", ["reason"] = "MinimumReplicasAvailable", ["message"] = "Deployment has minimum availability." });
        conditions.Add(state.DeadlineMessage is { } deadline
            ? new JsonObject { ["type"] = "Progressing", ["status"] = "False", ["reason"] = "ProgressDeadlineExceeded", ["message"] = deadline }
            : new JsonObject { ["type"] = "Progressing", ["status"] = "True", ["reason"] = "NewReplicaSetAvailable", ["message"] = $"ReplicaSet \"{name}-7c9d\" has successfully progressed." });
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = Namespace,
                ["uid"] = DeploymentUid,
                ["resourceVersion"] = resourceVersion,
                ["generation"] = state.Generation,
                ["creationTimestamp"] = "2026-01-12T08:00:00Z",
                ["labels"] = labels,
                ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = "3", ["kubernetes.io/change-cause"] = "release v1.9.0" },
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas ?? 3,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app.kubernetes.io/name"] = service ?? name } },
                ["template"] = Template(service ?? name, image),
                ["strategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" } },
                ["revisionHistoryLimit"] = 10,
                ["progressDeadlineSeconds"] = 600,
            },
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = state.ObservedGeneration,
                ["replicas"] = state.Replicas,
                ["updatedReplicas"] = state.Updated,
                ["readyReplicas"] = state.Ready,
                ["availableReplicas"] = state.Available,
                ["conditions"] = conditions,
            },
        };
    }

    public static JsonObject ReplicaSet(string deployment, string hash, long revision, string image, string? changeCause, string created, string ownerUid = DeploymentUid,
        string? rail = null)
    {
        var annotations = new JsonObject
        {
            ["deployment.kubernetes.io/desired-replicas"] = "3",
            ["deployment.kubernetes.io/max-replicas"] = "4",
            ["deployment.kubernetes.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (changeCause is not null)
        {
            annotations["kubernetes.io/change-cause"] = changeCause;
        }
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{deployment}-{hash}",
                ["namespace"] = Namespace,
                ["creationTimestamp"] = created,
                ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = deployment, ["pod-template-hash"] = hash },
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = deployment, ["uid"] = ownerUid,
                    ["controller"] = true, ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 0,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app.kubernetes.io/name"] = deployment, ["pod-template-hash"] = hash } },
                ["template"] = Template(deployment, image, rail),
            },
            ["status"] = new JsonObject { ["replicas"] = 0, ["observedGeneration"] = 2 },
        };
    }

    public static JsonObject Template(string service, string image, string? rail = null) => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = service } },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = service,
                    ["image"] = image,
                    ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "TCP" }),
                    ["env"] = new JsonArray(
                        new JsonObject { ["name"] = "RAIL", ["value"] = rail ?? "fedach" },
                        new JsonObject { ["name"] = "DB_PASSWORD", ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "ach-db", ["key"] = "password" } } }),
                },
                new JsonObject { ["name"] = "envoy", ["image"] = "envoyproxy/envoy:v1.31.0" }),
        },
    };

    public static string List(string kind, params JsonObject[] items) => new JsonObject
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["resourceVersion"] = "48300" },
        ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
    }.ToJsonString();

    public static string Status(int code, string reason, string message) => new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    }.ToJsonString();

    public static JsonObject Rollout(string name, string image, string phase = "Healthy", int replicas = 4) => new()
    {
        ["apiVersion"] = "argoproj.io/v1alpha1",
        ["kind"] = "Rollout",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace, ["resourceVersion"] = "90210", ["generation"] = 5 },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app.kubernetes.io/name"] = name } },
            ["template"] = Template(name, image),
            ["strategy"] = new JsonObject
            {
                ["canary"] = new JsonObject
                {
                    ["steps"] = new JsonArray(
                        new JsonObject { ["setWeight"] = 20 }, new JsonObject { ["pause"] = new JsonObject() },
                        new JsonObject { ["setWeight"] = 60 }, new JsonObject { ["pause"] = new JsonObject { ["duration"] = "10m" } }),
                },
            },
        },
        ["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["replicas"] = replicas,
            ["readyReplicas"] = replicas,
            ["availableReplicas"] = replicas,
            ["stableRS"] = "6d4cf56db6",
            ["currentPodHash"] = "6d4cf56db6",
        },
    };
}
