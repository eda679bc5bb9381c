using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Silences;
using HmsOps.Core.Alerting.Storage;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Alerting;

public sealed class SqliteAlertingStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(Start);

    private string DbPath => _dir.Combine("data", SqliteAlertingStore.FileName);

    [Fact]
    public void An_acknowledgement_survives_reopening_and_comes_back_on_the_same_occurrence()
    {
        var alert = Firing(Start.AddMinutes(-5));
        using (var store = new SqliteAlertingStore(DbPath))
        {
            var book = new AlertBook(_time, new AlertBookOptions(), store);
            book.Upsert("rules", [alert]);
            _time.Advance(TimeSpan.FromMinutes(1));
            Assert.True(book.Acknowledge(alert.Fingerprint, "ada"));
        }

        using var reopened = new SqliteAlertingStore(DbPath);
        var restarted = new AlertBook(_time, new AlertBookOptions(), reopened);
        restarted.Upsert("rules", [alert]);

        var ack = restarted.Find(alert.Fingerprint)!.Acknowledged;
        Assert.Equal(new AlertAcknowledgement("ada", Start.AddMinutes(1)), ack);
    }

    [Fact]
    public void A_new_occurrence_after_restart_starts_unacknowledged()
    {
        var alert = Firing(Start.AddMinutes(-5));
        using (var store = new SqliteAlertingStore(DbPath))
        {
            var book = new AlertBook(_time, new AlertBookOptions(), store);
            book.Upsert("rules", [alert]);
            book.Acknowledge(alert.Fingerprint, "ada");
        }

        using var reopened = new SqliteAlertingStore(DbPath);
        var restarted = new AlertBook(_time, new AlertBookOptions(), reopened);
        restarted.Upsert("rules", [alert with { ActiveAt = Start.AddMinutes(2) }]);

        Assert.Null(restarted.Find(alert.Fingerprint)!.Acknowledged);
    }

    [Fact]
    public void A_silence_survives_reopening_with_its_matchers_and_times_and_so_does_expiring_it()
    {
        string id;
        using (var store = new SqliteAlertingStore(DbPath))
        {
            var silences = new SilenceStore(_time, new SilenceOptions(), store);
            id = silences.Create(
                [new LabelMatcher("alertname", MatchOp.Equal, "ACH\"Latency\\High"), new LabelMatcher("service", MatchOp.Regex, "ach-.*")],
                TimeSpan.FromHours(2), "ada", "rail maintenance").Id;
            silences.Create([new LabelMatcher("service", MatchOp.Equal, "api-gw")], TimeSpan.FromHours(1), "bob", "to expire");
            var toExpire = silences.All().Single(s => s.CreatedBy == "bob");
            _time.Advance(TimeSpan.FromMinutes(10));
            Assert.True(silences.Expire(toExpire.Id));
        }

        using var reopened = new SqliteAlertingStore(DbPath);
        var restarted = new SilenceStore(_time, new SilenceOptions(), reopened);

        var kept = restarted.All().Single(s => s.Id == id);
        Assert.Equal("{alertname=\"ACH\\\"Latency\\\\High\", service=~\"ach-.*\"}", kept.MatchersText);
        Assert.Equal((Start, Start.AddHours(2), "ada", "rail maintenance"), (kept.StartsAt, kept.EndsAt, kept.CreatedBy, kept.Comment));
        Assert.True(kept.IsActiveAt(_time.GetUtcNow()));
        var expired = restarted.All().Single(s => s.CreatedBy == "bob");
        Assert.Equal(Start.AddMinutes(10), expired.EndsAt);
        Assert.Single(restarted.Matching(LabelSet.From(("alertname", "ACH\"Latency\\High"), ("service", "ach-svc"))));
    }

    [Fact]
    public void A_file_from_a_newer_console_is_refused_with_its_name()
    {
        using (var store = new SqliteAlertingStore(DbPath))
        {
        }
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<HmsOps.Core.Storage.StoreOpenException>(() => new SqliteAlertingStore(DbPath));
        Assert.Contains(DbPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("newer than this console knows", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static ConsoleAlert Firing(DateTimeOffset activeAt)
    {
        var labels = LabelSet.From(("alertname", "ACHLatencyHigh"), ("severity", "critical"), ("service", "ach-svc"));
        return new ConsoleAlert(AlertFingerprint.Of(labels), labels, LabelSet.Empty, AlertState.Firing, 6.2, activeAt,
            activeAt.AddMinutes(3), null, activeAt, AlertOrigin.Rules, "rules/demo-fleet.yaml");
    }
}
