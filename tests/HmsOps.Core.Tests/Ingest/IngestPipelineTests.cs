using HmsOps.Core.Ingest;
using HmsOps.Core.Metrics;
using HmsOps.Core.Storage;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using static HmsOps.Core.Tests.TestSupport.Events;
using static HmsOps.Core.Tests.TestSupport.StoreFactory;

namespace HmsOps.Core.Tests.Ingest;

public sealed class IngestPipelineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_accepted_batch_is_in_the_metrics_store_and_in_sqlite()
    {
        await using var store = Open(_dir.Path);

        var outcome = await store.Pipeline.SubmitAsync([Counter("a", 2), Log("hello"), Span("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")]);

        Assert.Equal(IngestStatus.Accepted, outcome.Status);
        Assert.Equal(3, outcome.Accepted);
        Assert.Equal(2, CounterValue(store, "a"));
        await SqliteCaughtUpAsync(store);
        Assert.Equal(["hello"], LogMessages(store));
        Assert.Single(store.Sqlite.GetTrace("4bf92f3577b34da6a3ce929d0e0e4736"));
        Assert.Equal((1, 1, 1), (store.Pipeline.Statistics.MetricEvents, store.Pipeline.Statistics.LogEvents, store.Pipeline.Statistics.SpanEvents));
    }

    [Fact]
    public async Task A_batch_that_would_pass_the_series_bound_is_refused_whole_naming_the_item()
    {
        await using var store = Open(_dir.Path, new MetricsOptions { MaxSeries = 3 });
        Assert.Equal(IngestStatus.Accepted, (await store.Pipeline.SubmitAsync([Counter("a"), Counter("b"), Counter("c")])).Status);

        var refused = await store.Pipeline.SubmitAsync([Counter("a", 5), Log("part of a refused batch"), Counter("d"), Counter("e")]);

        Assert.Equal(IngestStatus.Rejected, refused.Status);
        Assert.Equal(0, refused.Accepted);
        var error = Assert.Single(refused.Errors);
        Assert.Equal(2, error.Index);
        Assert.Equal("payload.labels", error.Field);
        Assert.Contains("3", error.Reason, StringComparison.Ordinal);
        Assert.Equal(3, store.Metrics.SeriesCount);
        Assert.Null(CounterValue(store, "d"));
        Assert.Equal(1, CounterValue(store, "a"));
        Assert.Equal(1, store.Pipeline.Statistics.RejectionsByReason["series_limit"]);

        var existing = await store.Pipeline.SubmitAsync([Counter("a", 2), Counter("c"), Log("accepted later")]);

        Assert.Equal(IngestStatus.Accepted, existing.Status);
        Assert.Equal(3, CounterValue(store, "a"));
        Assert.Equal(2, CounterValue(store, "c"));
        await SqliteCaughtUpAsync(store);
        Assert.Equal(["accepted later"], LogMessages(store));
    }

    [Fact]
    public async Task A_single_batch_larger_than_the_series_bound_stores_nothing()
    {
        await using var store = Open(_dir.Path, new MetricsOptions { MaxSeries = 3 });

        var refused = await store.Pipeline.SubmitAsync([Counter("a"), Counter("b"), Counter("a"), Counter("c"), Counter("d")]);

        Assert.Equal(IngestStatus.Rejected, refused.Status);
        Assert.Equal(4, Assert.Single(refused.Errors).Index);
        Assert.Equal(0, store.Metrics.SeriesCount);
    }

    [Fact]
    public async Task A_timing_counts_every_series_it_expands_into_against_the_bound()
    {
        // 11 default buckets + +Inf + _sum + _count = 14 series.
        await using var store = Open(_dir.Path, new MetricsOptions { MaxSeries = 13 });
        var timing = new MetricEvent("latency", MetricKind.Timing, 0.2, LabelSet.Empty, NowMs);

        var refused = await store.Pipeline.SubmitAsync([Log("first"), timing]);

        Assert.Equal((1, "payload.labels"), (Assert.Single(refused.Errors).Index!.Value, Assert.Single(refused.Errors).Field));
        Assert.Equal(0, store.Metrics.SeriesCount);
    }

    [Fact]
    public async Task Concurrent_batches_competing_for_the_last_series_are_accepted_only_while_room_remains()
    {
        await using var store = Open(_dir.Path, new MetricsOptions { MaxSeries = 3 });

        var outcomes = await Task.WhenAll(
            store.Pipeline.SubmitAsync([Counter("a"), Counter("b")]),
            store.Pipeline.SubmitAsync([Counter("c"), Counter("d")]));

        Assert.Single(outcomes, o => o.Status == IngestStatus.Accepted);
        Assert.Single(outcomes, o => o.Status == IngestStatus.Rejected);
        Assert.Equal(2, store.Metrics.SeriesCount);
    }

    [Fact]
    public async Task When_the_queue_is_full_submissions_are_turned_away_and_the_queue_drains_afterwards()
    {
        await using var store = Open(_dir.Path,
            ingest: new IngestOptions { MaxQueuedEvents = 1 },
            storage: new StorageOptions { DataPath = _dir.Path, WriterQueueBatches = 1 });
        var pipeline = store.Pipeline;

        // Another writer holding SQLite's write lock stalls the storage writer, so acknowledged batches back up.
        using var blocker = new SqliteConnection($"Data Source={_dir.Combine("telemetry.db")};Pooling=False");
        blocker.Open();
        Execute(blocker, "BEGIN IMMEDIATE");

        // With room for one queued event, a submission is admitted only when nothing else is in flight;
        // while the storage writer is stalled, at most a few batches can finish, so most are turned away.
        const int Submissions = 50;
        var submitters = Enumerable.Range(0, Submissions)
            .Select(i => Task.Factory.StartNew(() => pipeline.SubmitAsync([Log($"batch {i}")]),
                CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default))
            .ToArray();
        var pending = await Task.WhenAll(submitters);
        var turnedAway = new List<IngestOutcome>();
        foreach (var submission in pending.Where(s => s.IsCompletedSuccessfully))
        {
            if (await submission is { Status: IngestStatus.Saturated } outcome)
            {
                turnedAway.Add(outcome);
            }
        }

        Assert.NotEmpty(turnedAway);
        Assert.All(turnedAway, o => Assert.Equal((0, "the ingest queue is full"), (o.Accepted, o.Detail)));

        Execute(blocker, "ROLLBACK");
        var outcomes = await Task.WhenAll(pending);

        var accepted = outcomes.Where(o => o.Status == IngestStatus.Accepted).ToArray();
        Assert.NotEmpty(accepted);
        Assert.Equal(Submissions, accepted.Length + turnedAway.Count);
        await Poll.UntilAsync(() => pipeline.Statistics.QueuedEvents == 0, "the queue is empty");
        Assert.False(pipeline.IsSaturated);
        Assert.Equal(turnedAway.Count, pipeline.Statistics.RejectionsByReason["saturated"]);
        await SqliteCaughtUpAsync(store);
        var acceptedMessages = outcomes.Select((o, i) => (o.Status, Message: $"batch {i}"))
            .Where(x => x.Status == IngestStatus.Accepted).Select(x => x.Message).Order(StringComparer.Ordinal);
        Assert.Equal(acceptedMessages, LogMessages(store));

        // The queue has room again: the next submission is accepted.
        Assert.Equal(IngestStatus.Accepted, (await pipeline.SubmitAsync([Log("after the stall")])).Status);
    }

    [Fact]
    public async Task A_batch_larger_than_the_whole_queue_is_still_admitted_when_the_queue_is_empty()
    {
        await using var store = Open(_dir.Path, ingest: new IngestOptions { MaxQueuedEvents = 2 });

        var outcome = await store.Pipeline.SubmitAsync([Log("1"), Log("2"), Log("3"), Log("4")]);

        Assert.Equal(IngestStatus.Accepted, outcome.Status);
        Assert.Equal(0, store.Pipeline.Statistics.QueuedEvents);
    }

    [Fact]
    public async Task A_stopped_pipeline_says_it_is_unavailable()
    {
        var store = Open(_dir.Path);
        await store.DisposeAsync();

        var outcome = await store.Pipeline.SubmitAsync([Log("too late")]);

        Assert.Equal(IngestStatus.Unavailable, outcome.Status);
        Assert.False(store.Pipeline.IsRunning);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
