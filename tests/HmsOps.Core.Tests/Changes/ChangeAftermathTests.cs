using HmsOps.Core.Alerting;
using HmsOps.Core.Audit;
using HmsOps.Core.Changes;
using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Delivery;
using HmsOps.Core.Tests.Notifications;
using HmsOps.Core.Tests.TestSupport;

namespace HmsOps.Core.Tests.Changes;

/// <summary>
/// After a change: one note in the incident channel (who, what, diff, approver) through the outbox; and when the change
/// answered a firing alert, the alert's resolve marks it as having mitigated it, without any PagerDuty event from here.
/// </summary>
public sealed class ChangeAftermathTests : IDisposable
{
    private readonly LoopbackHttpReceiver _slack = new("/slack");
    private readonly LoopbackHttpReceiver _pagerDuty = new("/pagerduty");

    public void Dispose()
    {
        _slack.Dispose();
        _pagerDuty.Dispose();
    }

    private NotificationsOptions Receivers() => new()
    {
        Receivers =
        [
            new ReceiverOptions
            {
                Name = "incident",
                SlackConfigs = [new SlackReceiverOptions { ApiUrl = _slack.Url, Channel = "#ach-incident" }],
                PagerDutyConfigs = [new PagerDutyReceiverOptions { Url = _pagerDuty.Url, RoutingKey = "R0UTINGKEY0123456789abcdef012345" }],
            },
        ],
    };

    [Fact]
    public async Task An_executed_rollback_posts_one_note_with_who_what_the_diff_and_the_approver()
    {
        await using var harness = new FleetChangeHarness(Receivers(), incidentReceiver: "incident");
        await harness.Aftermath.StartAsync(CancellationToken.None);

        var id = await RollBackAsync(harness, alertFingerprint: null);
        await harness.Aftermath.WhenIdleAsync();
        await harness.Worker.RunDueAsync(CancellationToken.None);

        var message = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(_slack.Accepted).Body)!;
        var note = $"{message["channel"]}\n{message["text"]}\n{message["attachments"]![0]!["text"]}";
        foreach (var expected in new[] { id, "ach-svc rolled back v1.9.0 → v1.8.2", "requested by engineer", "Approved by* lead1",
                     "image: registry.local/ach-svc:v1.9.0 → registry.local/ach-svc:v1.8.2", "#ach-incident" })
        {
            Assert.Contains(expected, note, StringComparison.Ordinal);
        }
        Assert.Empty(_pagerDuty.Requests);
    }

    [Fact]
    public async Task A_note_offered_again_after_a_restart_is_not_posted_twice()
    {
        await using var harness = new FleetChangeHarness(Receivers(), incidentReceiver: "incident");
        await harness.Aftermath.StartAsync(CancellationToken.None);
        await RollBackAsync(harness, alertFingerprint: null);
        await harness.Aftermath.WhenIdleAsync();

        // A second aftermath over the same files, as after a restart: it re-offers recent notes, the outbox keeps one.
        var again = new HmsOps.Core.Changes.Aftermath.ChangeAftermath(harness.Changes, harness.Fleet.Provider, harness.Outbox,
            new ConfiguredReceivers(Receivers()), harness.Alerts, harness.Options, harness.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<HmsOps.Core.Changes.Aftermath.ChangeAftermath>.Instance);
        await again.StartAsync(CancellationToken.None);
        await again.WhenIdleAsync();
        await again.DisposeAsync();
        await harness.Worker.RunDueAsync(CancellationToken.None);

        Assert.Single(_slack.Accepted);
    }

    [Fact]
    public async Task When_the_linked_alert_resolves_the_change_is_marked_as_having_mitigated_it_and_no_page_is_sent_from_here()
    {
        await using var harness = new FleetChangeHarness(Receivers(), incidentReceiver: "incident");
        await harness.Aftermath.StartAsync(CancellationToken.None);
        var firing = SampleNotifications.Alert();
        harness.Alerts.Upsert("rules", [firing]);

        var id = await RollBackAsync(harness, firing.Fingerprint);
        await harness.Aftermath.WhenIdleAsync();
        Assert.Null(harness.Changes.Get(id)!.MitigatedAt);

        var resolvedAt = harness.Time.GetUtcNow();
        harness.Alerts.Upsert("rules", [firing with { State = AlertState.Inactive, ResolvedAt = resolvedAt, UpdatedAt = resolvedAt }]);
        await Poll.UntilAsync(() => harness.Changes.Get(id)!.MitigatedAt is not null, "the change is marked as having mitigated the alert");
        await harness.Aftermath.WhenIdleAsync();
        await harness.Worker.RunDueAsync(CancellationToken.None);

        Assert.Equal(resolvedAt, harness.Changes.Get(id)!.MitigatedAt);
        Assert.Contains(harness.Changes.Transitions(id), t => t.Kind == TransitionKind.Mitigated && t.Detail.Contains(firing.Fingerprint, StringComparison.Ordinal));
        Assert.Contains(AuditActions.ChangeMitigated, harness.Audit.ReadAll().Select(e => e.Action));
        Assert.True(harness.Audit.Verify().Intact);
        // The resolve reaches PagerDuty through the alert's own routing; the change path sends no event of its own.
        Assert.Empty(_pagerDuty.Requests);
        Assert.DoesNotContain(harness.Outbox.Query(new LedgerQuery(Limit: 100)), r => r.Integration.Kind == IntegrationKind.PagerDuty);
        Assert.Single(_slack.Accepted);
    }

    [Fact]
    public async Task An_alert_that_resolved_before_the_change_took_effect_is_not_credited_to_it()
    {
        await using var harness = new FleetChangeHarness(Receivers(), incidentReceiver: "incident");
        await harness.Aftermath.StartAsync(CancellationToken.None);
        var firing = SampleNotifications.Alert();
        harness.Alerts.Upsert("rules", [firing]);
        var requested = await harness.Changes.RequestAsync(
            new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "p95 over 5 s") { AlertFingerprint = firing.Fingerprint }, People.Engineer);
        var resolvedAt = harness.Time.GetUtcNow();
        harness.Alerts.Upsert("rules", [firing with { State = AlertState.Inactive, ResolvedAt = resolvedAt, UpdatedAt = resolvedAt }]);

        await harness.Changes.ApproveAsync(requested.Change!.Id, People.Lead1);
        await harness.UntilFinishedAsync(requested.Change.Id);
        await harness.Aftermath.WhenIdleAsync();

        Assert.Null(harness.Changes.Get(requested.Change.Id)!.MitigatedAt);
        Assert.DoesNotContain(harness.Changes.Transitions(requested.Change.Id), t => t.Kind == TransitionKind.Mitigated);
    }

    private static async Task<string> RollBackAsync(FleetChangeHarness harness, string? alertFingerprint)
    {
        var requested = await harness.Changes.RequestAsync(
            new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "p95 over 5 s since v1.9.0") { AlertFingerprint = alertFingerprint }, People.Engineer);
        Assert.True(requested.IsOk, requested.Message);
        var approved = await harness.Changes.ApproveAsync(requested.Change!.Id, People.Lead1);
        Assert.True(approved.IsOk, approved.Message);
        var finished = await harness.UntilFinishedAsync(requested.Change.Id);
        Assert.Equal(ChangeState.Succeeded, finished.State);
        return finished.Id;
    }
}
