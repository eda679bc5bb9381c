using System.Text.Json;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Notifications;

/// <summary>
/// Point 7 end to end, in the real process: PagerDuty is down, the page waits in the outbox, the console is
/// killed (SIGKILL) with it pending, PagerDuty recovers, the console restarts on the same data → the page goes
/// out exactly once: not lost, and not doubled by the dispatcher re-sending after the restart.
/// </summary>
public sealed class DeliveryAcrossRestartTests : IAsyncLifetime
{
    private const string RoutingKey = "restart-test-routing-key-0123456789";

    private FiringRules _rules = null!;
    private PagerDutyLoopback _pagerDuty = null!;
    private ConsoleProcess _first = null!;
    private ConsoleProcess? _restarted;

    public async Task InitializeAsync()
    {
        _rules = await FiringRules.WriteAsync("""
            - alert: PaymentsStuck
              expr: vector(1)
              labels:
                severity: critical
                service: ach-svc
              annotations:
                summary: payments are stuck
                runbook: ach_latency
            """);
        _pagerDuty = await PagerDutyLoopback.StartAsync();
        _pagerDuty.FailWith = 500;
        _first = new ConsoleProcess(Settings());
        await _first.StartAndWaitUntilReadyAsync();
    }

    [Fact]
    public async Task A_page_pending_when_the_console_is_killed_is_sent_once_after_restart()
    {
        await Poll.UntilAsync(() => _pagerDuty.Refused, n => n >= 2, "the console to try PagerDuty (down) at least twice");
        await _first.KillHardAsync();
        _pagerDuty.FailWith = null;

        _restarted = new ConsoleProcess(Settings(), dataPath: _first.DataPath);
        await _restarted.StartAndWaitUntilReadyAsync();

        var events = await Poll.UntilAsync(() => _pagerDuty.Events, e => e.Count >= 1, "the pending page to go out after the restart");
        Assert.Equal("trigger", events[0].Action);
        Assert.Equal(RoutingKey, events[0].RoutingKey);

        // Let the restarted console run several evaluation and group intervals; nothing more may be sent.
        using var client = _restarted.CreateClient();
        var firstSeen = await LastEvaluationAsync(client);
        await Poll.UntilAsync(() => LastEvaluationAsync(client), t => t - firstSeen >= TimeSpan.FromSeconds(6),
            "six more seconds of rule evaluations");
        Assert.Single(_pagerDuty.Events);
    }

    public async Task DisposeAsync()
    {
        if (_restarted is not null)
        {
            await _restarted.DisposeAsync();
        }
        await _first.DisposeAsync();
        await _pagerDuty.DisposeAsync();
        _rules.Dispose();
    }

    private Dictionary<string, string> Settings() => new(_rules.PagingSettings(_pagerDuty.Url, RoutingKey))
    {
        ["Notifications:Outbox:InitialBackoff"] = "00:00:00.200",
        ["Notifications:Outbox:MaxBackoff"] = "00:00:01",
    };

    /// <summary>The rule group's last evaluation time from the console's Prometheus-format /api/v1/rules.</summary>
    private static async Task<DateTimeOffset> LastEvaluationAsync(HttpClient client)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("/api/v1/rules"));
        var group = document.RootElement.GetProperty("data").GetProperty("groups")[0];
        return group.GetProperty("lastEvaluation").GetDateTimeOffset();
    }
}
