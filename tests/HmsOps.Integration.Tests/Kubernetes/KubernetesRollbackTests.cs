using HmsOps.Core.Deployments;

namespace HmsOps.Integration.Tests.Kubernetes;

/// <summary>The Kubernetes provider against a fake API server that checks every request it makes.</summary>
public sealed class KubernetesRollbackTests : KubernetesProviderTestBase
{
    private const string RollbackPatch =
        """{"metadata":{"annotations":{"kubernetes.io/change-cause":"INC-7: roll back ach-svc to v1.8.2"},"resourceVersion":"48213"},"spec":{"template":{"spec":{"containers":[{"name":"ach-svc","image":"registry.local/ach-svc:v1.8.2"}]}}}}""";

    private static string Ach(string image, KubeObjects.RolloutState state, string resourceVersion = "48213") =>
        KubeObjects.Deployment("ach-svc", image, state, resourceVersion).ToJsonString();

    [Fact]
    public async Task Services_are_the_labelled_deployments_with_version_replicas_and_config_digest()
    {
        Api.Expect("GET", Deployments + "?labelSelector=app.kubernetes.io/name&watch=false", KubeReply.Ok(KubeObjects.List("DeploymentList",
                KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.0", KubeObjects.Complete),
                KubeObjects.Deployment("api-gw", "registry.local/api-gw:v2.4.1", KubeObjects.Complete with { Ready = 2 }))))
            .Expect("GET", Deployments + "?labelSelector=hms-ops.gov/canary-of&watch=false", KubeReply.Ok(KubeObjects.List("DeploymentList")));

        var services = await Provider.ListServicesAsync(CancellationToken.None);

        Api.AssertAllServed();
        Assert.True(services.IsOk, services.ToString());
        Assert.Equal(["ach-svc", "api-gw"], services.Value.Select(s => s.Name));
        var ach = services.Value[0];
        Assert.Equal(("v1.9.0", "registry.local/ach-svc:v1.9.0", 3, 3, (InFlightChange?)null), (ach.Version, ach.Image, ach.ReadyReplicas, ach.DesiredReplicas, ach.InFlight));
        Assert.Equal(2, services.Value[1].ReadyReplicas);
    }

    [Fact]
    public async Task History_comes_from_the_replicasets_the_deployment_owns_newest_first()
    {
        Api.Expect("GET", FindAch, KubeReply.Ok(KubeObjects.List("DeploymentList", KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.0", KubeObjects.Complete))))
            .Expect("GET", AchReplicaSets, KubeReply.Ok(AchHistory()));

        var history = await Provider.GetHistoryAsync("ach-svc", CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(
            [
                new DeploymentRevision(3, "v1.9.0", "registry.local/ach-svc:v1.9.0", "release v1.9.0", new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), true),
                new DeploymentRevision(2, "v1.8.2", "registry.local/ach-svc:v1.8.2", "release v1.8.2", new DateTimeOffset(2026, 2, 20, 10, 0, 0, TimeSpan.Zero), false),
                new DeploymentRevision(1, "v1.8.0", "registry.local/ach-svc:v1.8.0", null, new DateTimeOffset(2026, 2, 1, 10, 0, 0, TimeSpan.Zero), false),
            ],
            history.Value);
    }

    [Fact]
    public async Task The_diff_compares_the_running_template_with_the_one_the_earlier_version_ran_with()
    {
        Api.Expect("GET", FindAch, KubeReply.Ok(KubeObjects.List("DeploymentList", KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.0", KubeObjects.Complete))))
            .Expect("GET", AchReplicaSets, KubeReply.Ok(AchHistory()));

        var diff = await Provider.DiffAsync("ach-svc", "v1.8.2", CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(
            [
                new DiffLine("version", "v1.9.0", "v1.8.2"),
                new DiffLine("image", "registry.local/ach-svc:v1.9.0", "registry.local/ach-svc:v1.8.2"),
                new DiffLine("config.env.RAIL", "fedach", "fedach-b"),
            ],
            diff.Value.Changes);
        Assert.Equal("(secret ach-db/password)", diff.Value.Target.Config["env.DB_PASSWORD"]);
    }

    [Fact]
    public async Task A_rollback_patches_the_image_with_the_change_cause_and_waits_until_every_replica_runs_it()
    {
        Api.Expect("GET", FindAch, KubeReply.Ok(KubeObjects.List("DeploymentList", KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.0", KubeObjects.Complete))))
            .Expect("GET", AchReplicaSets, KubeReply.Ok(AchHistory()))
            .Expect("PATCH", Deployments + "/ach-svc", KubeReply.Ok(Ach("registry.local/ach-svc:v1.8.2", new(8, 7, 3, 0, 3, 3), "48250")),
                "application/strategic-merge-patch+json", RollbackPatch)
            .Expect("GET", Deployments + "/ach-svc", KubeReply.Ok(Ach("registry.local/ach-svc:v1.8.2", new(8, 8, 4, 1, 4, 3), "48260")))
            .Expect("GET", Deployments + "/ach-svc", KubeReply.Ok(Ach("registry.local/ach-svc:v1.8.2", new(8, 8, 3, 3, 3, 3), "48290")));
        var progress = new List<RolloutProgress>();

        var result = await Provider.RollbackAsync("ach-svc", "v1.8.2", "INC-7: roll back ach-svc to v1.8.2", new Recorder(progress), CancellationToken.None);

        Api.AssertAllServed();
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal("v1.8.2", result.Value.Version);
        Assert.Equal(["1 of 3 new replicas have been updated", "successfully rolled out"], progress.Select(p => p.Message));
    }

    [Fact]
    public async Task A_conflict_on_the_patch_is_reported_as_conflict_and_nothing_is_waited_for()
    {
        Api.Expect("GET", FindAch, KubeReply.Ok(KubeObjects.List("DeploymentList", KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.0", KubeObjects.Complete))))
            .Expect("GET", AchReplicaSets, KubeReply.Ok(AchHistory()))
            .Expect("PATCH", Deployments + "/ach-svc", KubeReply.Refused(409, "Conflict",
                "Operation cannot be fulfilled on deployments.apps \"ach-svc\": the object has been modified; please apply your changes to the latest version and try again"),
                "application/strategic-merge-patch+json", RollbackPatch);

        var result = await Provider.RollbackAsync("ach-svc", "v1.8.2", "INC-7: roll back ach-svc to v1.8.2", null, CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(DeploymentOutcome.Conflict, result.Outcome);
        Assert.Contains("the object has been modified", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forbidden_answer_names_the_missing_permission()
    {
        Api.Expect("GET", FindAch, KubeReply.Refused(403, "Forbidden",
            "deployments.apps is forbidden: User \"system:serviceaccount:ops:hms-ops\" cannot list resource \"deployments\" in API group \"apps\" in the namespace \"payments\""));

        var result = await Provider.RollbackAsync("ach-svc", "v1.8.2", "INC-7", null, CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(DeploymentOutcome.Forbidden, result.Outcome);
        Assert.Contains("cannot list resource \"deployments\"", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rollout_that_exceeds_its_progress_deadline_fails_with_the_conditions_message()
    {
        const string deadline = "ReplicaSet \"ach-svc-6b7f9c5d8\" has timed out progressing.";
        Api.Expect("GET", FindAch, KubeReply.Ok(KubeObjects.List("DeploymentList", KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.0", KubeObjects.Complete))))
            .Expect("GET", AchReplicaSets, KubeReply.Ok(AchHistory()))
            .Expect("PATCH", Deployments + "/ach-svc", KubeReply.Ok(Ach("registry.local/ach-svc:v1.8.2", new(8, 7, 3, 0, 3, 3), "48250")),
                "application/strategic-merge-patch+json", RollbackPatch)
            .Expect("GET", Deployments + "/ach-svc", KubeReply.Ok(Ach("registry.local/ach-svc:v1.8.2", new(8, 8, 4, 1, 3, 3, deadline), "48270")));

        var result = await Provider.RollbackAsync("ach-svc", "v1.8.2", "INC-7: roll back ach-svc to v1.8.2", null, CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(DeploymentOutcome.Failed, result.Outcome);
        Assert.Contains(deadline, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_the_deployment_never_ran_is_not_found_and_nothing_is_patched()
    {
        Api.Expect("GET", FindAch, KubeReply.Ok(KubeObjects.List("DeploymentList", KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.9.0", KubeObjects.Complete))))
            .Expect("GET", AchReplicaSets, KubeReply.Ok(AchHistory()));

        var result = await Provider.RollbackAsync("ach-svc", "v0.1.0", "INC-7", null, CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(DeploymentOutcome.NotFound, result.Outcome);
        Assert.DoesNotContain(Api.Received, r => r.Method == "PATCH");
    }

    private sealed class Recorder(List<RolloutProgress> reports) : IProgress<RolloutProgress>
    {
        public void Report(RolloutProgress value) => reports.Add(value);
    }
}

/// <summary>With a short request timeout, an API server that never answers gives Timeout rather than hanging the caller.</summary>
public sealed class KubernetesTimeoutTests : KubernetesProviderTestBase
{
    protected override TimeSpan RequestTimeout => TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task An_api_server_that_never_answers_gives_timeout()
    {
        Api.Expect("GET", FindAch, KubeReply.Never);

        var result = await Provider.RollbackAsync("ach-svc", "v1.8.2", "INC-7", null, CancellationToken.None);

        Api.AssertAllServed();
        Assert.Equal(DeploymentOutcome.Timeout, result.Outcome);
        Assert.Contains("did not answer", result.Reason, StringComparison.Ordinal);
    }
}
