using HmsOps.Core.Ingest;
using HmsOps.Core.Metrics;
using HmsOps.Core.Storage;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Tests.TestSupport;
using HmsOps.Core.Wal;
using static HmsOps.Core.Tests.TestSupport.Events;
using static HmsOps.Core.Tests.TestSupport.StoreFactory;

namespace HmsOps.Core.Tests.Storage;

/// <summary>What was acknowledged is there after a restart, exactly once, however the last run ended.</summary>
public sealed class EmbeddedStoreTests : IDisposable
{
    private const string TraceA = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string TraceB = "0af7651916cd43dd8448eb211c80319c";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Data_acknowledged_before_a_clean_restart_is_there_exactly_once()
    {
        await using (var store = Open(_dir.Path))
        {
            await Accept(store, Counter("a", 2, NowMs - 20_000), Log("first"), Span(TraceA, "00f067aa0ba902b7"));
            await Accept(store, Counter("a", 3, NowMs), Log("second"), Span(TraceA, "53995c3f42cd8ad8", parentSpanId: "00f067aa0ba902b7"));
        }

        for (var restart = 0; restart < 2; restart++)
        {
            await using var reopened = Open(_dir.Path);
            AssertHolds(reopened, counter: 5, logs: ["first", "second"], spans: 2);
        }
    }

    [Fact]
    public async Task After_a_crash_between_checkpoints_the_log_is_replayed_on_top_of_the_snapshot_exactly_once()
    {
        var store = Open(_dir.Path);
        await Accept(store, Counter("a", 2, NowMs - 20_000), Log("before checkpoint"));
        await SqliteCaughtUpAsync(store);
        store.Checkpoint();
        await Accept(store, Counter("a", 3, NowMs), Log("after checkpoint"), Span(TraceB, "b7ad6b7169203331"));
        await CrashAsync(store);

        await using (var reopened = Open(_dir.Path))
        {
            AssertHolds(reopened, counter: 5, logs: ["after checkpoint", "before checkpoint"], spans: 1);
            Assert.Equal(2, reopened.Pipeline.LastSequence);
        }
        await using var again = Open(_dir.Path);
        AssertHolds(again, counter: 5, logs: ["after checkpoint", "before checkpoint"], spans: 1);
    }

    [Fact]
    public async Task Batches_in_the_log_that_neither_store_had_applied_are_recovered_exactly_once()
    {
        // A crash right after the fsync: the batches are in the write-ahead log and nowhere else.
        using (var wal = WriteAheadLog.Open(_dir.Combine("wal"), 1 << 20, 0, 0, (_, _) => { }))
        {
            wal.Append(Encode([Counter("a", 4, NowMs - 10_000), Log("only in the log"), Span(TraceA, "00f067aa0ba902b7")]));
            wal.Append(Encode([Counter("a", 1, NowMs)]));
            wal.Commit();
        }

        await using (var recovered = Open(_dir.Path))
        {
            await SqliteCaughtUpAsync(recovered);
            AssertHolds(recovered, counter: 5, logs: ["only in the log"], spans: 1);
            Assert.Equal(2, recovered.Sqlite.AppliedSequence);
        }
        await using var again = Open(_dir.Path);
        AssertHolds(again, counter: 5, logs: ["only in the log"], spans: 1);
    }

    [Fact]
    public async Task New_batches_after_a_restart_follow_the_old_ones_and_survive_the_next_restart()
    {
        await using (var store = Open(_dir.Path))
        {
            await Accept(store, Counter("a", 1, NowMs - 20_000), Log("run 1"));
        }
        var crashing = Open(_dir.Path);
        await Accept(crashing, Counter("a", 1, NowMs), Log("run 2"));
        var sequenceAfterRestart = crashing.Pipeline.LastSequence;
        await SqliteCaughtUpAsync(crashing);
        await CrashAsync(crashing);

        Assert.Equal(2, sequenceAfterRestart);
        await using var reopened = Open(_dir.Path);
        AssertHolds(reopened, counter: 2, logs: ["run 1", "run 2"], spans: 0);
    }

    [Fact]
    public async Task A_torn_record_at_the_end_of_the_log_does_not_stop_start_up()
    {
        var store = Open(_dir.Path);
        await Accept(store, Counter("a", 2), Log("acknowledged"));
        await SqliteCaughtUpAsync(store);
        await CrashAsync(store);
        var segment = Directory.GetFiles(_dir.Combine("wal"), "*.wal").Order(StringComparer.Ordinal).Last();
        File.AppendAllText(segment, "half a rec");

        await using var reopened = Open(_dir.Path);

        AssertHolds(reopened, counter: 2, logs: ["acknowledged"], spans: 0);
        await Accept(reopened, Counter("a", 1, NowMs + 5_000));
        Assert.Equal(3, CounterValue(reopened, "a"));
    }

    [Fact]
    public async Task A_checkpoint_removes_log_segments_both_stores_no_longer_need()
    {
        var storage = new StorageOptions { DataPath = _dir.Path, WalSegmentBytes = 1 };
        await using var store = Open(_dir.Path, storage: storage);
        for (var i = 0; i < 5; i++)
        {
            await Accept(store, Counter("a", 1, NowMs + i * 5_000), Log($"log {i}"));
        }
        await SqliteCaughtUpAsync(store);
        Assert.Equal(5, Directory.GetFiles(_dir.Combine("wal"), "*.wal").Length);

        store.Checkpoint();

        Assert.Single(Directory.GetFiles(_dir.Combine("wal"), "*.wal"));
        Assert.True(File.Exists(store.SnapshotPath));
    }

    [Fact]
    public async Task Retention_drops_old_metric_series_and_old_logs()
    {
        var storage = new StorageOptions { DataPath = _dir.Path, HotDays = 1 };
        await using var store = Open(_dir.Path, new MetricsOptions { Retention = TimeSpan.FromHours(1) }, storage: storage);
        var twoDaysAgo = NowMs - (long)TimeSpan.FromDays(2).TotalMilliseconds;
        await Accept(store, Counter("old", 1, twoDaysAgo), Counter("new", 1, NowMs), Log("old", timestampMs: twoDaysAgo), Log("new"));
        await SqliteCaughtUpAsync(store);

        store.EnforceRetention(Now);

        Assert.Null(CounterValue(store, "old"));
        Assert.Equal(1, CounterValue(store, "new"));
        Assert.Equal(["new"], LogMessages(store));
    }

    [Fact]
    public async Task A_damaged_log_segment_stops_start_up_with_one_clear_message()
    {
        var storage = new StorageOptions { DataPath = _dir.Path, WalSegmentBytes = 1 };
        var store = Open(_dir.Path, storage: storage);
        await Accept(store, Log("one"));
        await Accept(store, Log("two"));
        await CrashAsync(store);
        var first = Directory.GetFiles(_dir.Combine("wal"), "*.wal").Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(first);
        bytes[^2] ^= 0xFF;
        File.WriteAllBytes(first, bytes);

        var error = Assert.Throws<StoreOpenException>(() => Open(_dir.Path, storage: storage));

        Assert.StartsWith("cannot replay the write-ahead log in ", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    [Fact]
    public void A_data_path_that_cannot_be_created_stops_start_up_with_one_clear_message()
    {
        var blockedBy = _dir.Combine("a-file");
        File.WriteAllText(blockedBy, "not a folder");

        var error = Assert.Throws<StoreOpenException>(() => Open(Path.Combine(blockedBy, "data")));

        Assert.Contains("is not writable", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:DataPath", error.Message, StringComparison.Ordinal);
    }

    private static async Task Accept(EmbeddedStore store, params TelemetryEvent[] events)
    {
        var outcome = await store.Pipeline.SubmitAsync(events);
        Assert.Equal(IngestStatus.Accepted, outcome.Status);
    }

    /// <summary>Stops without the final checkpoint a clean shutdown writes: only the write-ahead log and SQLite survive.</summary>
    private static async Task CrashAsync(EmbeddedStore store)
    {
        await store.Pipeline.DisposeAsync();
        store.Sqlite.Dispose();
    }

    private static void AssertHolds(EmbeddedStore store, double counter, string[] logs, int spans)
    {
        Assert.Equal(counter, CounterValue(store, "a"));
        Assert.Equal(logs, LogMessages(store));
        Assert.Equal(spans, store.Sqlite.CountSpans());
    }

    private static byte[] Encode(IReadOnlyList<TelemetryEvent> events)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            EventCodec.Write(writer, events);
        }
        return buffer.ToArray();
    }
}
