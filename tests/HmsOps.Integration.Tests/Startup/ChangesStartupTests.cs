namespace HmsOps.Integration.Tests.Startup;

/// <summary>Bad <c>Changes</c> and <c>Deployments</c> settings stop start-up with one line naming each key.</summary>
public sealed class ChangesStartupTests : IDisposable
{
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"hmsops-kubeconfig-{Guid.NewGuid():N}.yaml");

    public void Dispose() => File.Delete(_kubeconfig);

    [Fact]
    public async Task Every_invalid_change_and_deployment_setting_is_named()
    {
        var reason = await StartupFailure.ReasonAsync(
            ("Changes:ApprovalTtl", "00:00:00"),
            ("Changes:CanarySteps:0", "50"),
            ("Changes:CanarySteps:1", "25"),
            ("Changes:IncidentChannelReceiver", "ghost-channel"),
            ("Deployments:RolloutTimeout", "00:00:00"),
            ("Deployments:Provider", "Nomad"));

        foreach (var key in new[] { "Changes:ApprovalTtl", "Changes:CanarySteps", "Changes:IncidentChannelReceiver: receiver 'ghost-channel' does not exist",
                     "Deployments:RolloutTimeout", "Deployments:Provider" })
        {
            Assert.True(reason.Contains(key, StringComparison.Ordinal), $"'{key}' not named in: {reason}");
        }
    }

    [Fact]
    public async Task An_incident_channel_without_a_Slack_config_is_named()
    {
        var reason = await StartupFailure.ReasonAsync(("Changes:IncidentChannelReceiver", "pager"));

        Assert.True(reason.Contains("Changes:IncidentChannelReceiver: receiver 'pager' has no SlackConfigs", StringComparison.Ordinal), reason);
    }

    [Fact]
    public async Task Kubernetes_without_cluster_configuration_is_a_clear_start_up_error()
    {
        var reason = await StartupFailure.ReasonAsync(("Deployments:Provider", "Kubernetes"));

        Assert.True(reason.Contains("Deployments:Kubernetes:Kubeconfig must be set when the console does not run inside a cluster", StringComparison.Ordinal), reason);
    }

    [Fact]
    public async Task A_kubeconfig_that_cannot_be_read_is_named_with_its_reason()
    {
        await File.WriteAllTextAsync(_kubeconfig, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\ncurrent-context: nowhere\n");

        var reason = await StartupFailure.ReasonAsync(("Deployments:Provider", "Kubernetes"), ("Deployments:Kubernetes:Kubeconfig", _kubeconfig));

        Assert.True(reason.Contains($"Deployments:Kubernetes:Kubeconfig '{_kubeconfig}' cannot be used to reach a cluster", StringComparison.Ordinal), reason);
    }
}
