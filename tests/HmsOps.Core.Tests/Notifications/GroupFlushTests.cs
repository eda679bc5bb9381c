using HmsOps.Core.Alerting;
using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Dispatch;
using HmsOps.Core.Notifications.Routing;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Notifications;

/// <summary>The pure flush decision and the notification log's bounds.</summary>
public sealed class GroupFlushTests
{
    private static readonly DateTimeOffset Now = DispatchHarness.Start;
    private static readonly TimeSpan Repeat = TimeSpan.FromHours(4);

    [Fact]
    public void A_partial_resolve_is_news_only_to_receivers_that_send_resolved()
    {
        var last = Entry(["a", "b"], [], Now.AddMinutes(-5));
        Assert.True(GroupFlush.NeedsUpdate(last, ["b"], ["a"], sendResolved: true, Repeat, Now));
        Assert.False(GroupFlush.NeedsUpdate(last, ["b"], ["a"], sendResolved: false, Repeat, Now));
    }

    [Fact]
    public void Everything_resolved_is_sent_even_without_send_resolved_but_only_if_something_was_notified_firing()
    {
        Assert.True(GroupFlush.NeedsUpdate(Entry(["a"], [], Now.AddMinutes(-5)), [], ["a"], sendResolved: false, Repeat, Now));
        Assert.False(GroupFlush.NeedsUpdate(Entry([], ["a"], Now.AddMinutes(-5)), [], ["b"], sendResolved: true, Repeat, Now));
        Assert.False(GroupFlush.NeedsUpdate(null, [], ["a"], sendResolved: true, Repeat, Now));
    }

    [Fact]
    public void A_new_firing_alert_is_sent_at_once_and_an_unchanged_group_only_after_repeat_interval()
    {
        var last = Entry(["a"], [], Now - Repeat);
        Assert.True(GroupFlush.NeedsUpdate(last, ["a", "b"], [], sendResolved: true, Repeat, Now));
        Assert.False(GroupFlush.NeedsUpdate(last, ["a"], [], sendResolved: true, Repeat, Now));
        Assert.True(GroupFlush.NeedsUpdate(last, ["a"], [], sendResolved: true, Repeat, Now.AddSeconds(1)));
    }

    [Fact]
    public void A_flush_with_every_alert_muted_sends_nothing_and_keeps_the_group()
    {
        var route = RouteTree.Build(new RouteOptions { Receiver = "r", GroupBy = ["alertname"] }).Root;
        var alert = DispatchHarness.Alert(AlertState.Firing, Now, ("alertname", "A"));
        var group = AggregationGroup.Create(route, alert.Labels, Now.AddMinutes(-1)).With(alert, Now.AddMinutes(-1));
        var result = GroupFlush.Decide(group, null, new HashSet<string> { alert.Fingerprint }, new ReceiverInfo("r", true, true), Repeat, Now);
        Assert.Null(result.Notification);
        Assert.Null(result.LogEntry);
        Assert.Equal(Now + TimeSpan.FromMinutes(5), result.Group!.NextFlushAt);

        var unmuted = GroupFlush.Decide(result.Group, null, new HashSet<string>(), new ReceiverInfo("r", true, true), Repeat, Now.AddMinutes(5));
        Assert.Equal(NotificationStatus.Firing, unmuted.Notification!.Status);
        Assert.Equal([alert.Fingerprint], unmuted.LogEntry!.Firing);
    }

    [Fact]
    public void The_notification_log_survives_reopening_forgets_expired_entries_and_keeps_at_most_its_bound()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(Now);
        var options = new DispatchOptions { MaxLogEntries = 2 };
        var log = new FileNotificationLog(dir.Path, options, time, new ListLogger<FileNotificationLog>());
        log.Record([Entry(["a"], [], Now, "g1")]);
        time.Advance(TimeSpan.FromMinutes(1));
        log.Record([Entry(["b"], [], Now.AddMinutes(1), "g2")]);
        time.Advance(TimeSpan.FromMinutes(1));
        log.Record([Entry(["c"], [], Now.AddMinutes(2), "g3")]);

        var reopened = new FileNotificationLog(dir.Path, options, time, new ListLogger<FileNotificationLog>());
        Assert.Equal(2, reopened.Count);
        Assert.Null(reopened.Find("g1", "r"));
        Assert.Equal(["c"], reopened.Find("g3", "r")!.Firing);

        time.Advance(TimeSpan.FromDays(5));
        Assert.Null(reopened.Find("g3", "r"));
    }

    private static NotificationLogEntry Entry(string[] firing, string[] resolved, DateTimeOffset at, string groupKey = "g") =>
        new(groupKey, "r", firing, resolved, at, at + TimeSpan.FromDays(5));
}
