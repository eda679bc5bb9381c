using System.Net;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Alerting;

/// <summary>The Alerts and Runbooks pages as the real console serves them, and their settings.</summary>
public sealed class AlertsConsoleTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_alerts_and_runbook_pages_render_and_acknowledgements_and_silences_get_their_database()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string> { ["Demo:Enabled"] = "false" });
        await console.StartAndWaitUntilReadyAsync();
        using var client = console.CreateClient(withApiKey: false);

        using var alerts = await client.GetAsync("/alerts?state=firing&severity=critical");
        var alertsHtml = await alerts.Content.ReadAsStringAsync();
        using var runbook = await client.GetAsync("/runbooks/ach_latency");
        var runbookHtml = await runbook.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, alerts.StatusCode);
        Assert.Contains("0 critical alerts firing", alertsHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, runbook.StatusCode);
        Assert.Contains("id=\"do-not-lose-or-double-a-payment\"", runbookHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"runbooks/ach_latency#do-not-lose-or-double-a-payment\"", runbookHtml, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(console.DataPath, "alerting.db")), "alerting.db under Storage:DataPath");
    }

    [Fact]
    public async Task Bad_runbook_settings_stop_start_up_naming_each_key()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Runbooks:Directory"] = " ",
            ["Runbooks:RescanInterval"] = "00:00:00",
            ["Runbooks:MaxFiles"] = "0",
        });
        console.Start();

        var exitCode = await console.WaitForExitAsync(ExitTimeout);

        var stderr = string.Join('\n', console.StandardError);
        Assert.True(exitCode == 2, $"exit code {exitCode}, stderr:\n{stderr}");
        Assert.Contains("Runbooks:Directory", stderr, StringComparison.Ordinal);
        Assert.Contains("Runbooks:RescanInterval", stderr, StringComparison.Ordinal);
        Assert.Contains("Runbooks:MaxFiles", stderr, StringComparison.Ordinal);
    }
}
