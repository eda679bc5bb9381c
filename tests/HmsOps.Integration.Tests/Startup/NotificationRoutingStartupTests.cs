namespace HmsOps.Integration.Tests.Startup;

/// <summary>A bad routing configuration (appsettings or Alertmanager-style file) stops start-up with one line naming each key.</summary>
public sealed class NotificationRoutingStartupTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"hmsops-am-{Guid.NewGuid():N}.yaml");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task Every_invalid_routing_setting_is_named()
    {
        var reason = await StartupFailure.ReasonAsync(
            ("Notifications:Route:Receiver", "nobody"),
            ("Notifications:Route:Routes:0:Matchers:0", "bad matcher"),
            ("Notifications:Route:Routes:0:GroupInterval", "00:00:00"),
            ("Notifications:SecurityReceiver", "ghost-soc"));

        Assert.True(reason.Contains("Notifications:Route:Receiver: receiver 'nobody' does not exist", StringComparison.Ordinal), reason);
        Assert.True(reason.Contains("Notifications:Route:Routes:0:Matchers:0", StringComparison.Ordinal), reason);
        Assert.True(reason.Contains("Notifications:Route:Routes:0:GroupInterval must be more than 0", StringComparison.Ordinal), reason);
        Assert.True(reason.Contains("Notifications:SecurityReceiver: receiver 'ghost-soc' does not exist", StringComparison.Ordinal), reason);
    }

    [Fact]
    public async Task An_unknown_key_in_the_Alertmanager_file_is_named_with_its_line()
    {
        await File.WriteAllTextAsync(_file, "route:\n  receiver: soc\n  recevier: typo\nreceivers: [{name: soc}]\n");

        var reason = await StartupFailure.ReasonAsync(("Notifications:ConfigFile", _file));

        Assert.True(reason.Contains($"Notifications:ConfigFile: {_file}: line 3", StringComparison.Ordinal), reason);
        Assert.True(reason.Contains("recevier", StringComparison.Ordinal), reason);
    }
}
