using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Security;
using HmsOps.Core.Ingest;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Tests.Alerting.Security;

public sealed class SecurityAlertsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly AlertBook _book;

    public SecurityAlertsTests()
    {
        _book = new AlertBook(_time, new AlertBookOptions { ResolvedRetention = TimeSpan.FromMinutes(15) });
    }

    private static LogEvent Log(string message, LogLevel level = LogLevel.Security, string service = "api-gw", string? traceId = null, long offsetMs = 0) =>
        new(T0.ToUnixTimeMilliseconds() + offsetMs, level, message, service, traceId, null, "{}");

    private SecurityAlerts Alerts(TimeSpan? resolveAfter = null, int max = 100) =>
        new(_book, _time, new SecurityAlertOptions { ResolveAfter = resolveAfter ?? TimeSpan.FromHours(1), MaxOpenAlerts = max });

    [Fact]
    public void A_security_log_raises_a_firing_critical_SecurityEvent()
    {
        var alerts = Alerts();

        alerts.OnLogs([Log("5 failed sign-ins for admin from 203.0.113.9", traceId: "4bf92f3577b34da6a3ce929d0e0e4736")]);

        var alert = Assert.Single(_book.Snapshot());
        Assert.Equal("SecurityEvent", alert.Name);
        Assert.Equal("critical", alert.Severity);
        Assert.Equal("api-gw", alert.Service);
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal(AlertOrigin.Security, alert.Origin);
        Assert.Equal("5 failed sign-ins for admin from 203.0.113.9", alert.Annotations.Get("summary"));
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", alert.Annotations.Get("trace_id"));
        Assert.Equal(1, _book.FiringCriticalCount);
    }

    [Fact]
    public void Other_levels_raise_nothing()
    {
        var alerts = Alerts();

        alerts.OnLogs([Log("boom", LogLevel.Fatal), Log("slow", LogLevel.Error)]);

        Assert.Empty(_book.Snapshot());
    }

    [Fact]
    public void Two_events_are_two_alerts_and_the_same_event_resent_is_one()
    {
        var alerts = Alerts();

        alerts.OnLogs([Log("token reuse"), Log("token reuse", offsetMs: 1)]);
        alerts.OnLogs([Log("token reuse")]);

        Assert.Equal(2, _book.Snapshot().Count);
        Assert.Equal(2, alerts.OpenCount);
    }

    [Fact]
    public void A_security_alert_resolves_by_itself_after_the_configured_time()
    {
        var alerts = Alerts(TimeSpan.FromMinutes(30));
        alerts.OnLogs([Log("privilege escalation")]);

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, alerts.ResolveDue());
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, alerts.ResolveDue());

        var alert = Assert.Single(_book.Snapshot());
        Assert.True(alert.IsResolved);
        Assert.Equal(T0.AddMinutes(30), alert.ResolvedAt);
        Assert.Equal(0, alerts.OpenCount);
    }

    [Fact]
    public void At_the_bound_the_oldest_open_alert_is_resolved_early_to_make_room()
    {
        var alerts = Alerts(max: 2);

        alerts.OnLogs([Log("first")]);
        _time.Advance(TimeSpan.FromSeconds(1));
        alerts.OnLogs([Log("second", offsetMs: 1000)]);
        _time.Advance(TimeSpan.FromSeconds(1));
        alerts.OnLogs([Log("third", offsetMs: 2000)]);

        Assert.Equal(2, alerts.OpenCount);
        Assert.Equal(1, alerts.ResolvedEarly);
        var first = Assert.Single(_book.Snapshot(), a => a.Annotations.Get("summary") == "first");
        Assert.True(first.IsResolved);
        Assert.Equal(2, _book.Snapshot().Count(a => a.IsFiring));
    }

    [Fact]
    public async Task The_ingest_pipeline_hands_durable_logs_to_its_observer()
    {
        using var dir = new TempDirectory();
        await using var store = StoreFactory.Open(dir.Path);
        var alerts = Alerts();
        store.Pipeline.LogsDurable += alerts.OnLogs;

        var outcome = await store.Pipeline.SubmitAsync([Events.Counter("a"), Log("admin key used from a new country")]);

        Assert.Equal(IngestStatus.Accepted, outcome.Status);
        var alert = Assert.Single(_book.Snapshot());
        Assert.Equal("admin key used from a new country", alert.Annotations.Get("summary"));
    }

    [Fact]
    public async Task A_failing_observer_does_not_fail_ingest()
    {
        using var dir = new TempDirectory();
        await using var store = StoreFactory.Open(dir.Path);
        store.Pipeline.LogsDurable += _ => throw new InvalidOperationException("observer bug");

        var outcome = await store.Pipeline.SubmitAsync([Log("still stored")]);

        Assert.Equal(IngestStatus.Accepted, outcome.Status);
    }
}
