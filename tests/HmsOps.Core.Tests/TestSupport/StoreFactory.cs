using HmsOps.Core.Ingest;
using HmsOps.Core.Metrics;
using HmsOps.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace HmsOps.Core.Tests.TestSupport;

internal static class StoreFactory
{
    public static EmbeddedStore Open(string dataPath, MetricsOptions? metrics = null, IngestOptions? ingest = null, StorageOptions? storage = null) =>
        EmbeddedStore.Open(dataPath, storage ?? new StorageOptions { DataPath = dataPath }, ingest ?? new IngestOptions(),
            metrics ?? new MetricsOptions(), new IngestStatistics(), NullLoggerFactory.Instance);

    /// <summary>The cumulative value of one jobs counter, or null when the series does not exist.</summary>
    public static double? CounterValue(EmbeddedStore store, string job) =>
        store.Metrics.Select(Events.JobsMetric, l => l.Get("job") == job, long.MinValue, long.MaxValue)
            .SingleOrDefault() is { Values.Length: > 0 } series ? series.Values[^1] : null;

    /// <summary>Waits until the SQLite writer has caught up with everything acknowledged.</summary>
    public static Task SqliteCaughtUpAsync(EmbeddedStore store) =>
        Poll.UntilAsync(() => store.Sqlite.AppliedSequence >= store.Pipeline.LastSequence, "SQLite holds every acknowledged batch");

    public static IReadOnlyList<string> LogMessages(EmbeddedStore store) =>
        store.Sqlite.QueryLogs(null, null, long.MinValue, long.MaxValue, 10_000).Select(l => l.Message).Order(StringComparer.Ordinal).ToArray();
}
