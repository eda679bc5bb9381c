using HmsOps.Core.Deployments;

namespace HmsOps.Core.Tests.Deployments;

public sealed class DeploymentContractTests
{
    [Theory]
    [InlineData("registry.local/ach-svc:v1.9.0", "v1.9.0", "registry.local/ach-svc:v1.8.2")]
    [InlineData("registry.local:5000/ach-svc:v1.9.0", "v1.9.0", "registry.local:5000/ach-svc:v1.8.2")]
    [InlineData("registry.local:5000/ach-svc", "latest", "registry.local:5000/ach-svc:v1.8.2")]
    [InlineData("ach-svc:v1.9.0@sha256:abc", "v1.9.0", "ach-svc:v1.8.2")]
    public void The_version_is_the_image_tag_and_a_port_is_not_mistaken_for_one(string image, string version, string rolledBack)
    {
        Assert.Equal(version, ImageReference.Version(image));
        Assert.Equal(rolledBack, ImageReference.WithVersion(image, "v1.8.2"));
    }

    [Fact]
    public void The_config_digest_ignores_order_and_changes_with_any_value()
    {
        var a = ImageReference.ConfigDigest(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" });
        var b = ImageReference.ConfigDigest(new Dictionary<string, string> { ["B"] = "2", ["A"] = "1" });
        var c = ImageReference.ConfigDigest(new Dictionary<string, string> { ["A"] = "1", ["B"] = "3" });

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void A_diff_lists_only_what_changes_with_added_and_removed_config()
    {
        var current = new DeploymentSnapshot("v1.9.0", "r/ach:v1.9.0", 3, "x", new Dictionary<string, string> { ["RAIL"] = "fedach", ["POOL"] = "32" });
        var target = new DeploymentSnapshot("v1.8.2", "r/ach:v1.8.2", 3, "y", new Dictionary<string, string> { ["RAIL"] = "fedach", ["RETRIES"] = "3" });

        var changes = new DeploymentDiff("ach-svc", current, target).Changes;

        Assert.Equal(
            [
                new DiffLine("version", "v1.9.0", "v1.8.2"),
                new DiffLine("image", "r/ach:v1.9.0", "r/ach:v1.8.2"),
                new DiffLine("config.POOL", "32", null),
                new DiffLine("config.RETRIES", null, "3"),
            ],
            changes);
    }

    [Fact]
    public void A_failed_result_carries_its_reason_and_refuses_to_hand_out_a_value()
    {
        DeploymentResult<string> result = DeploymentError.Conflict("ach-svc is already rolling out v1.8.2");

        Assert.False(result.IsOk);
        Assert.Equal(DeploymentOutcome.Conflict, result.Outcome);
        Assert.Equal("ach-svc is already rolling out v1.8.2", result.Reason);
        Assert.Throws<InvalidOperationException>(() => result.Value);
    }

    [Fact]
    public void Bad_deployment_options_are_all_reported_naming_their_keys()
    {
        var options = new DeploymentOptions
        {
            Provider = DeploymentProviderKind.Kubernetes,
            RolloutTimeout = TimeSpan.Zero,
            Kubernetes = { Kubeconfig = "/nonexistent/kubeconfig", Namespace = "Payments_NS", RequestTimeout = TimeSpan.Zero, MaxHistory = 0 },
        };

        var errors = DeploymentOptionsValidator.Errors(options).ToArray();

        Assert.Contains(errors, e => e.StartsWith("Deployments:RolloutTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Deployments:Kubernetes:Kubeconfig", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Deployments:Kubernetes:Namespace", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Deployments:Kubernetes:RequestTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Deployments:Kubernetes:MaxHistory", StringComparison.Ordinal));
        Assert.Empty(DeploymentOptionsValidator.Errors(new DeploymentOptions()));
    }
}
