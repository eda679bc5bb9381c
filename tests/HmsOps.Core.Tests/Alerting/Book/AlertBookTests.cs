using HmsOps.Core.Alerting;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Alerting.Book;

public sealed class AlertBookTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Same_alert_from_two_sources_is_one_alert_and_the_latest_report_wins()
    {
        var book = new AlertBook(_time, new AlertBookOptions());
        var firing = Alert("ACHLatencyHigh", AlertState.Firing, AlertOrigin.Prometheus);

        book.ReplaceScope("prometheus", [firing]);
        _time.Advance(TimeSpan.FromSeconds(10));
        book.Upsert("alertmanager", [firing with { State = AlertState.Inactive, ResolvedAt = _time.GetUtcNow(), Origin = AlertOrigin.Alertmanager }]);

        var only = Assert.Single(book.Snapshot());
        Assert.Equal(AlertState.Inactive, only.State);
        Assert.Equal(AlertOrigin.Alertmanager, only.Origin);
    }

    [Fact]
    public void Replacing_a_scope_forgets_what_it_no_longer_reports_unless_another_scope_does()
    {
        var book = new AlertBook(_time, new AlertBookOptions());
        var a = Alert("A", AlertState.Firing);
        var b = Alert("B", AlertState.Firing);
        book.ReplaceScope("rules:x", [a, b]);
        book.Upsert("alertmanager", [b]);

        book.ReplaceScope("rules:x", []);

        Assert.Equal(["B"], book.Snapshot().Select(x => x.Name));
    }

    [Fact]
    public void Resolved_alerts_stay_visible_for_the_retention_then_go()
    {
        var book = new AlertBook(_time, new AlertBookOptions { ResolvedRetention = TimeSpan.FromMinutes(15) });
        book.Upsert("alertmanager", [Alert("A", AlertState.Inactive) with { ResolvedAt = _time.GetUtcNow() }]);

        _time.Advance(TimeSpan.FromMinutes(15));
        book.Prune();
        Assert.Single(book.Snapshot());

        _time.Advance(TimeSpan.FromSeconds(1));
        book.Prune();
        Assert.Empty(book.Snapshot());
    }

    [Fact]
    public void Counts_firing_criticals_only()
    {
        var book = new AlertBook(_time, new AlertBookOptions());
        book.ReplaceScope("s", [
            Alert("A", AlertState.Firing),
            Alert("B", AlertState.Pending),
            Alert("C", AlertState.Firing, severity: "warning"),
            Alert("D", AlertState.Inactive) with { ResolvedAt = _time.GetUtcNow() },
        ]);

        Assert.Equal(1, book.FiringCriticalCount);
    }

    [Fact]
    public void An_acknowledgement_belongs_to_one_occurrence_and_survives_a_restart()
    {
        var store = new MemoryAcknowledgements();
        var book = new AlertBook(_time, new AlertBookOptions(), store);
        var alert = Alert("A", AlertState.Firing);
        book.ReplaceScope("s", [alert]);

        Assert.True(book.Acknowledge(alert.Fingerprint, "ana"));
        Assert.False(book.Acknowledge("0000000000000000", "ana"));

        var restarted = new AlertBook(_time, new AlertBookOptions(), store);
        restarted.ReplaceScope("s", [alert]);
        Assert.Equal("ana", restarted.Find(alert.Fingerprint)!.Acknowledged!.By);

        // The alert resolves and comes back: a new occurrence, not acknowledged.
        restarted.ReplaceScope("s", [alert with { ActiveAt = _time.GetUtcNow().AddMinutes(5) }]);
        Assert.Null(restarted.Find(alert.Fingerprint)!.Acknowledged);
        Assert.Empty(store.LoadAll());
    }

    [Fact]
    public void Tells_listeners_what_changed_and_nothing_when_nothing_did()
    {
        var book = new AlertBook(_time, new AlertBookOptions());
        var changes = new List<IReadOnlyList<ConsoleAlert>>();
        book.AlertsChanged += changes.Add;
        var alert = Alert("A", AlertState.Pending);

        book.ReplaceScope("s", [alert]);
        book.ReplaceScope("s", [alert with { UpdatedAt = _time.GetUtcNow().AddSeconds(15) }]);
        book.ReplaceScope("s", [alert with { State = AlertState.Firing }]);

        Assert.Equal([AlertState.Pending, AlertState.Firing], changes.Select(c => Assert.Single(c).State));
    }

    [Fact]
    public void When_full_drops_the_oldest_resolved_first_and_never_an_active_alert()
    {
        var book = new AlertBook(_time, new AlertBookOptions { MaxAlerts = 2 });
        book.Upsert("s", [Alert("Old", AlertState.Inactive) with { ResolvedAt = _time.GetUtcNow() }, Alert("A", AlertState.Firing)]);

        book.Upsert("s", [Alert("B", AlertState.Firing)]);
        book.Upsert("s", [Alert("C", AlertState.Firing)]);

        Assert.Equal(["A", "B"], book.Snapshot().Select(a => a.Name).Order());
        Assert.Equal(1, book.Dropped);
    }

    private ConsoleAlert Alert(string name, AlertState state, AlertOrigin origin = AlertOrigin.Rules, string severity = "critical")
    {
        var labels = LabelSet.From(("alertname", name), ("severity", severity), ("service", "ach-svc"));
        var now = _time.GetUtcNow();
        return new ConsoleAlert(AlertFingerprint.Of(labels), labels, LabelSet.Empty, state, 1, now, null, null, now, origin, "test");
    }

    private sealed class MemoryAcknowledgements : IAcknowledgementStore
    {
        private readonly Dictionary<string, StoredAcknowledgement> _rows = [];

        public IReadOnlyList<StoredAcknowledgement> LoadAll() => _rows.Values.ToList();

        public void Save(StoredAcknowledgement acknowledgement) => _rows[acknowledgement.Fingerprint] = acknowledgement;

        public void Delete(string fingerprint) => _rows.Remove(fingerprint);
    }
}
