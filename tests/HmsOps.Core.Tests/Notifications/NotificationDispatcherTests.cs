using HmsOps.Core.Alerting;
using HmsOps.Core.Notifications;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Tests.Notifications;

public sealed class NotificationDispatcherTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Group_wait_batches_two_alerts_into_one_notification()
    {
        using var h = new DispatchHarness();
        h.Fire(("alertname", "DiskFull"), ("instance", "a"));
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        h.Fire(("alertname", "DiskFull"), ("instance", "b"));
        await h.AdvanceToAsync(Wait - TimeSpan.FromSeconds(1));
        Assert.Empty(h.Outbox.Accepted);

        await h.AdvanceToAsync(Wait);
        var sent = Assert.Single(h.Outbox.Accepted);
        Assert.Equal("on-call", sent.Receiver);
        Assert.Equal("{}:{alertname=\"DiskFull\"}", sent.GroupKey);
        Assert.Equal(NotificationStatus.Firing, sent.Status);
        Assert.Equal(2, sent.Alerts.Count);
        Assert.Equal("DiskFull", sent.GroupLabels.Get("alertname"));
    }

    [Fact]
    public async Task Alerts_a_real_Alertmanager_already_routes_are_not_routed_again_unless_asked()
    {
        using var quiet = new DispatchHarness();
        quiet.FireFromAlertmanager(("alertname", "DiskFull"));
        await quiet.AdvanceToAsync(Wait);
        Assert.Empty(quiet.Outbox.Accepted);

        using var routing = new DispatchHarness(options: new HmsOps.Core.Notifications.Dispatch.DispatchOptions { RouteExternalAlerts = true });
        routing.FireFromAlertmanager(("alertname", "DiskFull"));
        await routing.AdvanceToAsync(Wait);
        Assert.Single(routing.Outbox.Accepted);
    }

    [Fact]
    public async Task Group_interval_sends_a_changed_group_and_nothing_when_unchanged()
    {
        using var h = new DispatchHarness();
        h.Fire(("alertname", "DiskFull"), ("instance", "a"));
        await h.AdvanceToAsync(Wait);
        await h.AdvanceToAsync(TimeSpan.FromMinutes(1));
        h.Fire(("alertname", "DiskFull"), ("instance", "b"));
        await h.AdvanceToAsync(Wait + Interval - TimeSpan.FromSeconds(1));
        Assert.Single(h.Outbox.Accepted);

        await h.AdvanceToAsync(Wait + Interval);
        Assert.Equal(2, h.Outbox.Accepted.Count);
        Assert.Equal(2, h.Outbox.Accepted[1].Alerts.Count);

        await h.AdvanceToAsync(Wait + 3 * Interval);
        Assert.Equal(2, h.Outbox.Accepted.Count);
    }

    [Fact]
    public async Task An_unchanged_firing_group_is_sent_again_after_repeat_interval()
    {
        using var h = new DispatchHarness();
        h.Fire(("alertname", "DiskFull"));
        await h.AdvanceToAsync(Wait + TimeSpan.FromHours(4));
        Assert.Single(h.Outbox.Accepted);

        // As Alertmanager: repeat is checked at group_interval flushes, so it goes out at the first one past 4 h.
        await h.AdvanceToAsync(Wait + TimeSpan.FromHours(4) + Interval);
        Assert.Equal(2, h.Outbox.Accepted.Count);
        Assert.NotEqual(h.Outbox.Accepted[0].Id, h.Outbox.Accepted[1].Id);
    }

    [Fact]
    public async Task A_resolved_alert_is_sent_once_and_its_group_goes_away()
    {
        using var h = new DispatchHarness();
        h.Fire(("alertname", "DiskFull"));
        await h.AdvanceToAsync(Wait);
        await h.AdvanceToAsync(TimeSpan.FromMinutes(2));
        h.Resolve(("alertname", "DiskFull"));
        await h.AdvanceToAsync(Wait + Interval);
        Assert.Equal([NotificationStatus.Firing, NotificationStatus.Resolved], h.Outbox.Accepted.Select(n => n.Status));
        Assert.True(Assert.Single(h.Outbox.Accepted[1].Alerts).IsResolved);
        Assert.Empty(h.Dispatcher.Groups);

        await h.AdvanceToAsync(Wait + TimeSpan.FromHours(5));
        Assert.Equal(2, h.Outbox.Accepted.Count);
    }

    [Fact]
    public async Task Pending_alerts_are_never_dispatched()
    {
        using var h = new DispatchHarness();
        h.Pending(("alertname", "DiskFull"));
        await h.AdvanceToAsync(Interval);
        Assert.Empty(h.Outbox.Accepted);
        Assert.Empty(h.Dispatcher.Groups);
    }

    [Fact]
    public async Task Continue_sends_one_alert_to_every_matching_route()
    {
        using var h = new DispatchHarness();
        h.Fire(("alertname", "DbDown"), ("severity", "critical"), ("team", "db"));
        h.Fire(("alertname", "ApiDown"), ("severity", "critical"));
        await h.AdvanceToAsync(Wait);
        Assert.Equal(["db", "pager", "pager"], h.Outbox.Accepted.Select(n => n.Receiver).Order());
        Assert.Empty(h.Outbox.To("on-call"));
        Assert.Contains(h.Outbox.To("pager"), n => n.GroupKey == "{}/{severity=\"critical\"}:{alertname=\"DbDown\"}");
        Assert.Contains(h.Outbox.To("db"), n => n.GroupKey == "{}/{team=\"db\"}:{alertname=\"DbDown\"}");
    }

    [Fact]
    public async Task A_critical_alert_inhibits_the_warnings_of_the_same_service()
    {
        using var h = new DispatchHarness();
        h.Fire(("alertname", "AchDown"), ("severity", "critical"), ("service", "ach-svc"));
        h.Fire(("alertname", "AchSlow"), ("severity", "warning"), ("service", "ach-svc"));
        h.Fire(("alertname", "GwSlow"), ("severity", "warning"), ("service", "api-gw"));
        await h.AdvanceToAsync(Wait);
        Assert.Equal(["AchDown", "GwSlow"], h.Outbox.Accepted.Select(n => n.GroupLabels.Get("alertname")).Order());
    }

    [Fact]
    public async Task A_silenced_alert_is_not_notified_until_the_silence_expires_while_it_still_fires()
    {
        using var h = new DispatchHarness();
        h.Silence("alertname=\"DiskFull\"", TimeSpan.FromMinutes(7));
        h.Fire(("alertname", "DiskFull"));
        await h.AdvanceToAsync(Wait + Interval);
        Assert.Empty(h.Outbox.Accepted);

        await h.AdvanceToAsync(Wait + 2 * Interval);
        var sent = Assert.Single(h.Outbox.Accepted);
        Assert.Equal(NotificationStatus.Firing, sent.Status);
    }

    [Fact]
    public async Task A_SecurityEvent_goes_to_the_SOC_despite_a_silence_matching_it()
    {
        using var h = new DispatchHarness();
        h.Silence("alertname=\"SecurityEvent\"", TimeSpan.FromHours(1));
        h.Fire(("alertname", "SecurityEvent"), ("severity", "critical"), ("service", "ach-svc"));
        await h.AdvanceToAsync(Wait);
        var sent = Assert.Single(h.Outbox.Accepted);
        Assert.Equal("soc", sent.Receiver);
        Assert.Equal("SecurityEvent", Assert.Single(sent.Alerts).Name);
    }

    [Fact]
    public async Task A_full_outbox_is_logged_and_the_same_notification_is_retried_until_taken()
    {
        using var h = new DispatchHarness();
        h.Outbox.Full = true;
        h.Fire(("alertname", "DiskFull"));
        await h.AdvanceToAsync(Wait + TimeSpan.FromSeconds(3));
        Assert.Empty(h.Outbox.Accepted);
        Assert.True(h.Outbox.Refused >= 3);
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("outbox is full", StringComparison.Ordinal));

        h.Outbox.Full = false;
        await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Single(h.Outbox.Accepted);
        await h.AdvanceToAsync(Wait + Interval + TimeSpan.FromSeconds(5));
        Assert.Single(h.Outbox.Accepted);
    }

    [Fact]
    public async Task After_a_restart_a_notified_group_is_not_paged_again_and_its_resolve_is_sent_once()
    {
        using var data = new TempDirectory();
        var outbox = new FakeOutbox();
        ConsoleAlert firing;
        using (var before = new DispatchHarness(data, outbox: outbox))
        {
            firing = before.Fire(("alertname", "DbDown"), ("severity", "critical"), ("team", "db"));
            await before.AdvanceToAsync(Wait);
            Assert.Equal(new[] { "db", "pager" }, outbox.Accepted.Select(n => n.Receiver).Order());
        }

        // The restarted console: the evaluator restores the firing alert before the dispatcher starts.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DispatchHarness.Start + TimeSpan.FromMinutes(3));
        using var after = new DispatchHarness(data, time, outbox);
        after.Book.Upsert("test", [firing]);
        await after.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(2, outbox.Accepted.Count);

        after.Resolve(("alertname", "DbDown"), ("severity", "critical"), ("team", "db"));
        await after.AdvanceAsync(TimeSpan.FromMinutes(30));
        var resolves = outbox.Accepted.Skip(2).ToList();
        Assert.Equal(new[] { "db", "pager" }, resolves.Select(n => n.Receiver).Order());
        Assert.All(resolves, n => Assert.Equal(NotificationStatus.Resolved, n.Status));
    }

    [Fact]
    public async Task An_alert_that_resolved_while_the_console_was_down_gets_its_resolve()
    {
        using var data = new TempDirectory();
        var outbox = new FakeOutbox();
        using (var before = new DispatchHarness(data, outbox: outbox))
        {
            before.Fire(("alertname", "DiskFull"));
            await before.AdvanceToAsync(Wait);
        }

        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DispatchHarness.Start + TimeSpan.FromHours(1));
        using var after = new DispatchHarness(data, time, outbox);
        after.Resolve(("alertname", "DiskFull"));
        await after.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal([NotificationStatus.Firing, NotificationStatus.Resolved], outbox.Accepted.Select(n => n.Status));
    }

    [Fact]
    public async Task An_alert_that_vanishes_from_the_book_without_resolving_is_resolved()
    {
        using var h = new DispatchHarness();
        h.Fire(("alertname", "DiskFull"));
        await h.AdvanceToAsync(Wait);
        h.Book.ReplaceScope("test", []);
        await h.AdvanceToAsync(Wait + Interval);
        Assert.Equal([NotificationStatus.Firing, NotificationStatus.Resolved], h.Outbox.Accepted.Select(n => n.Status));
    }

    [Fact]
    public async Task A_resolved_alert_reported_again_after_its_resolve_went_out_is_not_sent_again()
    {
        using var h = new DispatchHarness();
        h.Fire(("alertname", "DiskFull"), ("instance", "a"));
        h.Fire(("alertname", "DiskFull"), ("instance", "b"));
        await h.AdvanceToAsync(Wait);
        var resolved = h.Resolve(("alertname", "DiskFull"), ("instance", "a"));
        await h.AdvanceToAsync(Wait + Interval);
        Assert.Equal(2, h.Outbox.Accepted.Count);

        h.Book.Acknowledge(resolved.Fingerprint, "alice");
        h.Fire(("alertname", "DiskFull"), ("instance", "c"));
        await h.AdvanceToAsync(Wait + 2 * Interval);
        var last = h.Outbox.Accepted[^1];
        Assert.Equal(3, h.Outbox.Accepted.Count);
        Assert.DoesNotContain(last.Alerts, a => a.Fingerprint == resolved.Fingerprint);
    }
}
