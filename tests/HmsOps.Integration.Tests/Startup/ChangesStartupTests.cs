using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Startup;

/// <summary>Bad <c>Changes</c> and <c>Deployments</c> settings stop start-up with one line naming each key.</summary>
public sealed class ChangesStartupTests : IDisposable
{
    private const string Prefix = "hms-ops console: cannot start:";
    private readonly string _kubeconfig = Path.Combine(Path.GetTempPath(), $"hmsops-kubeconfig-{Guid.NewGuid():N}.yaml");

    public void Dispose() => File.Delete(_kubeconfig);

    [Fact]
    public async Task Every_invalid_change_and_deployment_setting_is_named()
    {
        var reason = await FailureReasonAsync(
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
        var reason = await FailureReasonAsync(("Changes:IncidentChannelReceiver", "pager"));

        Assert.True(reason.Contains("Changes:IncidentChannelReceiver: receiver 'pager' has no SlackConfigs", StringComparison.Ordinal), reason);
    }

    [Fact]
    public async Task Kubernetes_without_cluster_configuration_is_a_clear_start_up_error()
    {
        var reason = await FailureReasonAsync(("Deployments:Provider", "Kubernetes"));

        Assert.True(reason.Contains("Deployments:Kubernetes:Kubeconfig must be set when the console does not run inside a cluster", StringComparison.Ordinal), reason);
    }

    [Fact]
    public async Task A_kubeconfig_that_cannot_be_read_is_named_with_its_reason()
    {
        await File.WriteAllTextAsync(_kubeconfig, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\ncurrent-context: nowhere\n");

        var reason = await FailureReasonAsync(("Deployments:Provider", "Kubernetes"), ("Deployments:Kubernetes:Kubeconfig", _kubeconfig));

        Assert.True(reason.Contains($"Deployments:Kubernetes:Kubeconfig '{_kubeconfig}' cannot be used to reach a cluster", StringComparison.Ordinal), reason);
    }

    private static async Task<string> FailureReasonAsync(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string> { ["Demo:Enabled"] = "false" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        await using var console = new ConsoleProcess(all);
        console.Start();
        var exitCode = await console.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var stderr = console.StandardError.Where(l => l.Trim().Length > 0).ToList();
        Assert.True(exitCode == 2, $"exit code {exitCode}, stderr:\n{string.Join('\n', stderr)}");
        var reason = Assert.Single(stderr);
        Assert.StartsWith(Prefix, reason, StringComparison.Ordinal);
        return reason;
    }
}
