using System.Text.Json.Nodes;
using HmsOps.Core.Deployments;

namespace HmsOps.Integration.Tests.Kubernetes;

/// <summary>Canaries without Argo Rollouts: a &lt;name&gt;-canary Deployment whose replicas follow the weight against the stable one.</summary>
public sealed class KubernetesCanaryTests : KubernetesProviderTestBase
{
    private const string Canary = Deployments + "/ach-svc-canary";
    private const string Strategic = "application/strategic-merge-patch+json";

    private KubernetesCanaryTests Before()
    {
        Api.Expect("GET", AchRollout, KubeReply.Refused(404, "NotFound", "rollouts.argoproj.io \"ach-svc\" not found"));
        return this;
    }

    private static KubeReply Stable(int replicas) => KubeReply.Ok(KubeObjects.List("DeploymentList",
        KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.0", KubeObjects.Complete with { Replicas = replicas, Updated = replicas, Ready = replicas, Available = replicas },
            replicas: replicas)));

    private static JsonObject CanaryDeployment(int replicas)
    {
        var canary = KubeObjects.Deployment("ach-svc-canary", "registry.local/ach-svc:v1.9.1", KubeObjects.Complete with { Replicas = replicas }, "51000", replicas, service: "ach-svc");
        var metadata = canary["metadata"]!.AsObject();
        metadata["labels"] = new JsonObject { ["hms-ops.gov/canary-of"] = "ach-svc", ["app.kubernetes.io/managed-by"] = "hms-ops" };
        metadata["annotations"]!["hms-ops.gov/total-replicas"] = "3";
        return canary;
    }

    [Fact]
    public async Task Starting_a_canary_creates_the_canary_deployment_from_the_stable_one_and_scales_the_stable_one_down()
    {
        Before();
        Api.Expect("GET", FindAch, Stable(3))
            .Expect("POST", Deployments, KubeReply.Created(CanaryDeployment(1).ToJsonString()), "application/json")
            .Expect("PATCH", Deployments + "/ach-svc", KubeReply.Ok(KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.0", KubeObjects.Complete, replicas: 2).ToJsonString()),
                Strategic, """{"spec":{"replicas":2}}""");

        var result = await Provider.StartCanaryAsync("ach-svc", "v1.9.1", 5, "canary v1.9.1 for CHG-12", CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(new CanaryState("ach-svc", "v1.9.0", "v1.9.1", 5, 2, 1), result.Value);
        var created = JsonNode.Parse(Api.Received.Single(r => r.Method == "POST").Body)!;
        Assert.Equal("ach-svc-canary", (string?)created["metadata"]!["name"]);
        Assert.Equal("ach-svc", (string?)created["metadata"]!["labels"]!["hms-ops.gov/canary-of"]);
        Assert.Null(created["metadata"]!["labels"]!["app.kubernetes.io/name"]);
        Assert.Equal("3", (string?)created["metadata"]!["annotations"]!["hms-ops.gov/total-replicas"]);
        Assert.Equal("canary v1.9.1 for CHG-12", (string?)created["metadata"]!["annotations"]!["kubernetes.io/change-cause"]);
        Assert.Equal(1, (int?)created["spec"]!["replicas"]);
        Assert.Equal("canary", (string?)created["spec"]!["selector"]!["matchLabels"]!["hms-ops.gov/track"]);
        Assert.Equal("ach-svc", (string?)created["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]);
        Assert.Equal("canary", (string?)created["spec"]!["template"]!["metadata"]!["labels"]!["hms-ops.gov/track"]);
        var containers = created["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal("registry.local/ach-svc:v1.9.1", (string?)containers[0]!["image"]);
        Assert.Equal("envoyproxy/envoy:v1.31.0", (string?)containers[1]!["image"]);
    }

    [Fact]
    public async Task A_canary_that_already_exists_is_a_conflict()
    {
        Before();
        Api.Expect("GET", FindAch, Stable(3))
            .Expect("POST", Deployments, KubeReply.Refused(409, "AlreadyExists", "deployments.apps \"ach-svc-canary\" already exists"), "application/json");

        var result = await Provider.StartCanaryAsync("ach-svc", "v1.9.1", 5, "canary", CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(DeploymentOutcome.Conflict, result.Outcome);
        Assert.Contains("already has a canary", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setting_the_weight_scales_the_canary_up_before_the_stable_one_down()
    {
        Before();
        Api.Expect("GET", FindAch, Stable(2))
            .Expect("GET", Canary, KubeReply.Ok(CanaryDeployment(1).ToJsonString()))
            .Expect("PATCH", Canary, KubeReply.Ok(CanaryDeployment(2).ToJsonString()), Strategic, """{"spec":{"replicas":2}}""")
            .Expect("PATCH", Deployments + "/ach-svc", KubeReply.Ok(KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.0", KubeObjects.Complete, replicas: 1).ToJsonString()),
                Strategic, """{"spec":{"replicas":1}}""");

        var result = await Provider.SetCanaryWeightAsync("ach-svc", 50, CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(new CanaryState("ach-svc", "v1.9.0", "v1.9.1", 50, 1, 2), result.Value);
    }

    [Fact]
    public async Task Setting_a_weight_without_a_canary_is_not_found()
    {
        Before();
        Api.Expect("GET", FindAch, Stable(3))
            .Expect("GET", Canary, KubeReply.Refused(404, "NotFound", "deployments.apps \"ach-svc-canary\" not found"));

        var result = await Provider.SetCanaryWeightAsync("ach-svc", 25, CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(DeploymentOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task Aborting_restores_the_stable_replicas_then_deletes_the_canary()
    {
        Before();
        Api.Expect("GET", FindAch, Stable(2))
            .Expect("GET", Canary, KubeReply.Ok(CanaryDeployment(1).ToJsonString()))
            .Expect("PATCH", Deployments + "/ach-svc", KubeReply.Ok(KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.0", KubeObjects.Complete).ToJsonString()),
                Strategic, """{"spec":{"replicas":3}}""")
            .Expect("DELETE", Canary, KubeReply.Ok(KubeObjects.Status(200, "", "").Replace("Failure", "Success", StringComparison.Ordinal)));

        var result = await Provider.AbortCanaryAsync("ach-svc", CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(("v1.9.0", 3), (result.Value.Version, result.Value.DesiredReplicas));
    }

    [Fact]
    public async Task Promoting_rolls_the_canary_image_out_to_the_stable_deployment_then_deletes_the_canary()
    {
        const string promote =
            """{"metadata":{"annotations":{"kubernetes.io/change-cause":"CHG-12: promote v1.9.1"},"resourceVersion":"48213"},"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"ach-svc","image":"registry.local/ach-svc:v1.9.1"}]}}}}""";
        Before();
        Api.Expect("GET", FindAch, Stable(2))
            .Expect("GET", Canary, KubeReply.Ok(CanaryDeployment(1).ToJsonString()))
            .Expect("PATCH", Deployments + "/ach-svc", KubeReply.Ok(KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.1", new(8, 7, 2, 0, 2, 2)).ToJsonString()),
                Strategic, promote)
            .Expect("GET", Deployments + "/ach-svc", KubeReply.Ok(KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.1", new(8, 8, 3, 3, 3, 3)).ToJsonString()))
            .Expect("DELETE", Canary, KubeReply.Ok(KubeObjects.Status(200, "", "").Replace("Failure", "Success", StringComparison.Ordinal)));

        var result = await Provider.PromoteCanaryAsync("ach-svc", "CHG-12: promote v1.9.1", null, CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal("v1.9.1", result.Value.Version);
    }
}

/// <summary>When an Argo Rollouts Rollout named like the service exists, the canary goes through it.</summary>
public sealed class ArgoRolloutCanaryTests : KubernetesProviderTestBase
{
    private static KubeReply Rollout(string image = "registry.local/ach-svc:v1.9.0", string phase = "Healthy") =>
        KubeReply.Ok(KubeObjects.Rollout("ach-svc", image, phase).ToJsonString());

    [Fact]
    public async Task Starting_sets_the_new_image_and_replaces_the_steps_with_the_weight_and_a_pause()
    {
        Api.Expect("GET", AchRollout, Rollout())
            .Expect("PATCH", AchRollout, Rollout("registry.local/ach-svc:v1.9.1", "Paused"), "application/json-patch+json",
                """[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"registry.local/ach-svc:v1.9.1"},{"op":"replace","path":"/spec/strategy/canary/steps","value":[{"setWeight":25},{"pause":{}}]}]""");

        var result = await Provider.StartCanaryAsync("ach-svc", "v1.9.1", 25, "canary", CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(new CanaryState("ach-svc", "v1.9.0", "v1.9.1", 25, 3, 1), result.Value);
    }

    [Fact]
    public async Task Setting_the_weight_replaces_the_steps_so_argo_moves_to_it_and_pauses()
    {
        Api.Expect("GET", AchRollout, Rollout("registry.local/ach-svc:v1.9.1", "Paused"))
            .Expect("PATCH", AchRollout, Rollout("registry.local/ach-svc:v1.9.1", "Paused"), "application/json-patch+json",
                """[{"op":"replace","path":"/spec/strategy/canary/steps","value":[{"setWeight":50},{"pause":{}}]}]""");

        var result = await Provider.SetCanaryWeightAsync("ach-svc", 50, CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal((50, "v1.9.1", 2, 2), (result.Value.WeightPercent, result.Value.CanaryVersion, result.Value.StableReplicas, result.Value.CanaryReplicas));
    }

    [Fact]
    public async Task Promote_sets_promote_full_on_the_status_subresource()
    {
        Api.Expect("GET", AchRollout, Rollout("registry.local/ach-svc:v1.9.1", "Paused"))
            .Expect("PATCH", AchRollout + "/status", Rollout("registry.local/ach-svc:v1.9.1", "Progressing"), "application/merge-patch+json",
                """{"status":{"promoteFull":true}}""");

        var result = await Provider.PromoteCanaryAsync("ach-svc", "promote", null, CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal("v1.9.1", result.Value.Version);
        Assert.Equal(InFlightKind.Rollout, result.Value.InFlight?.Kind);
    }

    [Fact]
    public async Task Abort_sets_abort_on_the_status_subresource()
    {
        Api.Expect("GET", AchRollout, Rollout("registry.local/ach-svc:v1.9.1", "Paused"))
            .Expect("PATCH", AchRollout + "/status", Rollout("registry.local/ach-svc:v1.9.1", "Degraded"), "application/merge-patch+json",
                """{"status":{"abort":true}}""");

        var result = await Provider.AbortCanaryAsync("ach-svc", CancellationToken.None);

        Api.AssertAllServed();
        Assert.True(result.IsOk, result.ToString());
    }

    [Fact]
    public async Task Without_permission_to_read_rollouts_the_canary_is_forbidden_rather_than_guessed()
    {
        Api.Expect("GET", AchRollout, KubeReply.Refused(403, "Forbidden",
            "rollouts.argoproj.io \"ach-svc\" is forbidden: User \"system:serviceaccount:ops:hms-ops\" cannot get resource \"rollouts\" in API group \"argoproj.io\""));

        var result = await Provider.StartCanaryAsync("ach-svc", "v1.9.1", 5, "canary", CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(DeploymentOutcome.Forbidden, result.Outcome);
    }
}
