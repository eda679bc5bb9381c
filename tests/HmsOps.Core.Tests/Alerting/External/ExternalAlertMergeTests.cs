using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.External;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Alerting.External;

/// <summary>
/// The webhook and the poller report the same alert in any order; the book must show it once, without flapping, and a
/// resolution must not be undone by a stale report of the same occurrence.
/// </summary>
public sealed class ExternalAlertMergeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly LabelSet Labels = LabelSet.From(("alertname", "ACHLatencyHigh"), ("severity", "critical"));
    private static readonly string Fingerprint = AlertFingerprint.Of(Labels);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly AlertBook _book;
    private readonly ExternalAlertIntake _intake;
    private int _changes;

    public ExternalAlertMergeTests()
    {
        _book = new AlertBook(_time, new AlertBookOptions());
        _book.AlertsChanged += changed => _changes += changed.Count;
        _intake = new ExternalAlertIntake(_book);
    }

    /// <summary>As the poller reports: activeAt is when it went pending, a value, no firing time.</summary>
    private static ConsoleAlert Polled(AlertState state, DateTimeOffset activeAt, DateTimeOffset at, double value = 7) =>
        new(Fingerprint, Labels, LabelSet.Empty, state, value, activeAt, null, null, at, AlertOrigin.Prometheus, "Prometheus");

    /// <summary>As Alertmanager reports: startsAt is when it fired, no value.</summary>
    private static ConsoleAlert Webhook(DateTimeOffset startsAt, DateTimeOffset at, DateTimeOffset? endsAt = null) =>
        new(Fingerprint, Labels, LabelSet.Empty, endsAt is null ? AlertState.Firing : AlertState.Inactive, null, startsAt, startsAt,
            endsAt, at, AlertOrigin.Alertmanager, "Alertmanager");

    private ConsoleAlert Current => Assert.Single(_book.Snapshot());

    [Fact]
    public void Poll_and_webhook_reports_of_one_firing_alert_merge_into_one_without_flapping()
    {
        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Pending, T0, T0)]);
        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(60))]);
        _intake.Report(ExternalAlertIntake.AlertmanagerScope, [Webhook(T0.AddSeconds(60), T0.AddSeconds(61))]);
        var changesBefore = _changes;

        for (var i = 0; i < 5; i++)
        {
            _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(70 + i))]);
            _intake.Report(ExternalAlertIntake.AlertmanagerScope, [Webhook(T0.AddSeconds(60), T0.AddSeconds(70 + i))]);
        }

        Assert.Equal(changesBefore, _changes);
        Assert.Equal(AlertState.Firing, Current.State);
        Assert.Equal(T0, Current.ActiveAt);
        Assert.Equal(T0.AddSeconds(60), Current.FiredAt);
        Assert.Equal(7, Current.Value);
    }

    [Fact]
    public void A_webhook_resolution_is_not_revived_by_a_stale_poll_still_listing_the_alert()
    {
        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(60))]);
        _intake.Report(ExternalAlertIntake.AlertmanagerScope, [Webhook(T0.AddSeconds(60), T0.AddSeconds(120), endsAt: T0.AddSeconds(120))]);

        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(125))]);
        _intake.Report(ExternalAlertIntake.AlertmanagerScope, [Webhook(T0.AddSeconds(60), T0.AddSeconds(130))]);

        Assert.True(Current.IsResolved);
        Assert.Equal(T0.AddSeconds(120), Current.ResolvedAt);
    }

    [Fact]
    public void Polls_that_keep_listing_a_resolved_alert_overrule_the_resolution_after_Prometheus_restored_it()
    {
        // Prometheus went down while the alert fired; Alertmanager stopped hearing it and resolved it; the restarted
        // Prometheus restored the alert's state (same activeAt) and lists it firing poll after poll.
        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(60))]);
        _intake.Report(ExternalAlertIntake.AlertmanagerScope, [Webhook(T0.AddSeconds(60), T0.AddSeconds(120), endsAt: T0.AddSeconds(120))]);

        for (var poll = 1; poll < ExternalAlertIntake.PollsToOverruleResolution; poll++)
        {
            _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(120 + poll))]);
            Assert.True(Current.IsResolved);
        }
        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(130))]);

        Assert.Equal(AlertState.Firing, Current.State);
        Assert.Null(Current.ResolvedAt);
        Assert.Equal(T0, Current.ActiveAt);
    }

    [Fact]
    public void A_poll_that_stops_contradicting_a_resolution_starts_the_count_again()
    {
        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(60))]);
        _intake.Report(ExternalAlertIntake.AlertmanagerScope, [Webhook(T0.AddSeconds(60), T0.AddSeconds(120), endsAt: T0.AddSeconds(120))]);

        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(121))]);
        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(122))]);
        _intake.Report(ExternalAlertIntake.PrometheusScope, []);
        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(124))]);

        Assert.True(Current.IsResolved);
    }

    [Fact]
    public void A_new_occurrence_after_a_resolution_fires_again()
    {
        _intake.Report(ExternalAlertIntake.AlertmanagerScope, [Webhook(T0, T0, endsAt: T0.AddSeconds(120))]);

        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Pending, T0.AddSeconds(180), T0.AddSeconds(180))]);

        Assert.Equal(AlertState.Pending, Current.State);
        Assert.Equal(T0.AddSeconds(180), Current.ActiveAt);
        Assert.Null(Current.ResolvedAt);
    }

    [Fact]
    public void A_late_resolution_of_an_earlier_occurrence_does_not_resolve_the_current_one()
    {
        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0.AddSeconds(300), T0.AddSeconds(400))]);

        _intake.Report(ExternalAlertIntake.AlertmanagerScope, [Webhook(T0, T0.AddSeconds(401), endsAt: T0.AddSeconds(120))]);

        Assert.Equal(AlertState.Firing, Current.State);
    }

    [Fact]
    public void A_stale_pending_report_does_not_take_a_firing_alert_back_to_pending()
    {
        _intake.Report(ExternalAlertIntake.AlertmanagerScope, [Webhook(T0.AddSeconds(60), T0.AddSeconds(61))]);

        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Pending, T0, T0.AddSeconds(62))]);

        Assert.Equal(AlertState.Firing, Current.State);
        Assert.Equal(T0, Current.ActiveAt);
    }

    [Fact]
    public void A_poll_resolution_followed_by_the_webhook_resolution_is_one_resolved_alert()
    {
        var tracker = new PrometheusAlertTracker();
        _intake.Report(ExternalAlertIntake.PrometheusScope, tracker.Polled([Polled(AlertState.Firing, T0, T0.AddSeconds(60))], T0.AddSeconds(60)));
        _intake.Report(ExternalAlertIntake.PrometheusScope, tracker.Polled([], T0.AddSeconds(75)));
        var changes = _changes;

        _intake.Report(ExternalAlertIntake.AlertmanagerScope, [Webhook(T0.AddSeconds(60), T0.AddSeconds(80), endsAt: T0.AddSeconds(70))]);

        Assert.Equal(changes, _changes);
        Assert.True(Current.IsResolved);
        Assert.Equal(T0.AddSeconds(75), Current.ResolvedAt);
    }

    [Fact]
    public void An_acknowledgement_survives_reports_from_both_paths()
    {
        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(60))]);
        _book.Acknowledge(Fingerprint, "dana");

        _intake.Report(ExternalAlertIntake.AlertmanagerScope, [Webhook(T0.AddSeconds(60), T0.AddSeconds(61))]);
        _intake.Report(ExternalAlertIntake.PrometheusScope, [Polled(AlertState.Firing, T0, T0.AddSeconds(75))]);

        Assert.Equal("dana", Current.Acknowledged?.By);
    }
}
