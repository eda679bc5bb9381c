using System.Net;
using HmsOps.Core.Deployments;
using HmsOps.Kubernetes;
using k8s;
using k8s.Models;

namespace HmsOps.Integration.Tests.Kubernetes;

/// <summary>Reading a Deployment's rollout the way <c>kubectl rollout status</c> does, and reading refusals.</summary>
public sealed class RolloutStatusTests
{
    private static V1Deployment Deployment(KubeObjects.RolloutState state, int replicas = 3) =>
        KubernetesJson.Deserialize<V1Deployment>(KubeObjects.Deployment("ach-svc", "registry.local/ach-svc:v1.8.2", state, replicas: replicas).ToJsonString());

    [Theory]
    [InlineData(8, 7, 3, 3, 3, false, "waiting for the deployment controller to see the change")]
    [InlineData(8, 8, 4, 2, 3, false, "2 of 3 new replicas have been updated")]
    [InlineData(8, 8, 4, 3, 3, false, "1 old replicas are pending termination")]
    [InlineData(8, 8, 3, 3, 2, false, "2 of 3 updated replicas are available")]
    [InlineData(8, 8, 3, 3, 3, true, "successfully rolled out")]
    public void A_rollout_is_done_only_when_every_replica_is_updated_available_and_the_old_ones_are_gone(
        int generation, int observed, int total, int updated, int available, bool done, string message)
    {
        var status = RolloutStatus.Of(Deployment(new(generation, observed, total, updated, available, available)));

        Assert.Equal((done, message), (status.Done, status.Message));
        Assert.Null(status.Failure);
    }

    [Fact]
    public void A_progress_deadline_exceeded_condition_is_a_failure_with_its_message()
    {
        var status = RolloutStatus.Of(Deployment(new(8, 8, 4, 1, 3, 3, "ReplicaSet \"ach-svc-6b7f\" has timed out progressing.")));

        Assert.False(status.Done);
        Assert.Equal("ReplicaSet \"ach-svc-6b7f\" has timed out progressing.", status.Failure);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, DeploymentOutcome.Forbidden)]
    [InlineData(HttpStatusCode.Forbidden, DeploymentOutcome.Forbidden)]
    [InlineData(HttpStatusCode.NotFound, DeploymentOutcome.NotFound)]
    [InlineData(HttpStatusCode.Conflict, DeploymentOutcome.Conflict)]
    [InlineData(HttpStatusCode.UnprocessableEntity, DeploymentOutcome.Failed)]
    [InlineData(HttpStatusCode.InternalServerError, DeploymentOutcome.Failed)]
    public void Refusals_map_to_outcomes_carrying_the_servers_message(HttpStatusCode status, DeploymentOutcome outcome)
    {
        var refused = KubernetesCalls.Refused("patch ach-svc", status, KubeObjects.Status((int)status, "Reason", "the server's own words"));

        Assert.Equal(outcome, refused.Outcome);
        Assert.Contains("the server's own words", refused.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, 5, 2, 1)]
    [InlineData(3, 25, 2, 1)]
    [InlineData(3, 50, 1, 2)]
    [InlineData(10, 25, 7, 3)]
    [InlineData(4, 100, 0, 4)]
    public void Canary_replicas_are_the_rounded_weight_of_the_total_and_at_least_one(int total, int weight, int stable, int canary) =>
        Assert.Equal((stable, canary), KubernetesDeploymentProvider.Split(total, weight));
}
