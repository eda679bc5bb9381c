using System.Net;
using HmsOps.Core.Ingest;
using HmsOps.Core.Metrics;
using HmsOps.Core.Storage;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using static HmsOps.Integration.Tests.Infrastructure.TelemetryJson;

namespace HmsOps.Integration.Tests.Durability;

/// <summary>
/// A 202 means durable: after SIGKILL (no shutdown code at all) a restarted console replays its
/// write-ahead log, and every acknowledged log, span and counter increment is there exactly once.
/// </summary>
[Collection(HeavyConsoleCollection.Name)]
public sealed class KillDuringIngestTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Batches = 40;
    private const int LogsPerBatch = 25;
    private const int SpansPerBatch = 10;
    private const int Shards = 3;
    private const string Service = "durable-svc";
    private const string CounterName = "durable_payments_total";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Demo:Enabled"] = "false",
        // No checkpoint may happen on its own during the test: only the write-ahead log can bring the data back.
        ["Metrics:SnapshotInterval"] = "01:00:00",
    };

    private readonly ConsoleProcess _first = new(Settings);
    private ConsoleProcess? _restarted;

    public Task InitializeAsync() => _first.StartAndWaitUntilReadyAsync();

    public async Task DisposeAsync()
    {
        // The restarted console shares the first one's data folder, which the first deletes: stop it first.
        if (_restarted is not null)
        {
            await _restarted.DisposeAsync();
        }
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Everything_acknowledged_before_a_kill_9_is_there_exactly_once_after_restart()
    {
        var sent = new SentTelemetry();
        using (var client = _first.CreateClient())
        {
            // Four batches in flight at a time, so some are acknowledged while others are still being written.
            foreach (var group in Enumerable.Range(0, Batches).Chunk(4))
            {
                var responses = await Task.WhenAll(group.Select(b => client.PostIngestAsync(Array(sent.Batch(b)))));
                foreach (var response in responses)
                {
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    response.Dispose();
                }
            }
        }

        await _first.KillHardAsync();

        Assert.Equal(137, _first.ExitCode); // 128 + SIGKILL
        Assert.False(File.Exists(Path.Combine(_first.DataPath, "metrics.snapshot")), "a snapshot was written: the kill was not abrupt");
        Assert.True(Directory.GetFiles(Path.Combine(_first.DataPath, "wal"), "*.wal").Sum(f => new FileInfo(f).Length) > 0,
            "the write-ahead log is empty");

        _restarted = new ConsoleProcess(Settings, dataPath: _first.DataPath);
        await _restarted.StartAndWaitUntilReadyAsync();
        await _restarted.StopAsync();
        Assert.Equal(0, _restarted.ExitCode);
        var replayed = Assert.Single(_restarted.StandardOutput, line => line.Contains("from the write-ahead log", StringComparison.Ordinal));
        output.WriteLine(replayed);

        await using var store = OpenInProcess(_first.DataPath);
        AssertLogsExactlyOnce(store.Sqlite, sent);
        AssertSpansExactlyOnce(store.Sqlite, sent);
        AssertCounterTotals(store.Metrics, sent);
    }

    private static void AssertLogsExactlyOnce(SqliteTelemetryStore sqlite, SentTelemetry sent)
    {
        var stored = sqlite.LogsOf(Service).Select(l => l.Message).ToList();
        var duplicates = stored.GroupBy(m => m).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.Empty(duplicates);
        Assert.Equal(sent.LogMessages.Order(), stored.Order());
        Assert.Equal(sent.LogMessages.Count, sqlite.CountLogs());
    }

    private static void AssertSpansExactlyOnce(SqliteTelemetryStore sqlite, SentTelemetry sent)
    {
        Assert.Equal(sent.SpansByTrace.Sum(t => t.Value.Count), sqlite.CountSpans());
        foreach (var (traceId, spanIds) in sent.SpansByTrace)
        {
            Assert.Equal(spanIds.Order(), sqlite.GetTrace(traceId).Select(s => s.SpanId).Order());
        }
    }

    private static void AssertCounterTotals(TimeSeriesStore metrics, SentTelemetry sent)
    {
        var series = metrics.Select(CounterName, null, 0, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds());
        // A counter series holds running totals: its newest sample is the sum of every increment.
        var totals = series.ToDictionary(s => s.Labels.Get("shard")!, s => s.Values.Length == 0 ? 0 : s.Values[^1]);
        Assert.Equal(sent.CounterTotals.OrderBy(p => p.Key), totals.OrderBy(p => p.Key));
    }

    /// <summary>Opens the data folder in this process, the way the console does (replay included).</summary>
    private static EmbeddedStore OpenInProcess(string dataPath) => EmbeddedStore.Open(
        dataPath, new StorageOptions { DataPath = dataPath }, new IngestOptions { ApiKeys = [ConsoleProcess.ApiKey] },
        new MetricsOptions(), new IngestStatistics(), NullLoggerFactory.Instance);

    /// <summary>What the test sent, to compare with what was stored.</summary>
    private sealed class SentTelemetry
    {
        public List<string> LogMessages { get; } = [];

        public Dictionary<string, List<string>> SpansByTrace { get; } = [];

        public Dictionary<string, double> CounterTotals { get; } = [];

        /// <summary>Logs, spans of one trace, and one counter increment per shard with a value no other increment has.</summary>
        public List<object> Batch(int batch)
        {
            var events = new List<object>();
            for (var i = 0; i < LogsPerBatch; i++)
            {
                var message = $"batch {batch} log {i}";
                LogMessages.Add(message);
                events.Add(Log(Service, message));
            }
            var traceId = NewTraceId();
            SpansByTrace[traceId] = [];
            for (var i = 0; i < SpansPerBatch; i++)
            {
                SpansByTrace[traceId].Add(SpanId(i));
                events.Add(Span(Service, traceId, SpanId(i), parentSpanId: i == 0 ? null : SpanId(0)));
            }
            for (var shard = 0; shard < Shards; shard++)
            {
                var value = batch * Shards + shard + 1;
                CounterTotals[$"s{shard}"] = CounterTotals.GetValueOrDefault($"s{shard}") + value;
                events.Add(Counter(CounterName, value, ("shard", $"s{shard}")));
            }
            return events;
        }
    }
}
