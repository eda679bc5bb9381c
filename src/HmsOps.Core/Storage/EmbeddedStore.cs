using HmsOps.Core.Ingest;
using HmsOps.Core.Metrics;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Storage;

/// <summary>
/// Opens the embedded default under the data path: <c>telemetry.db</c> (SQLite, schema migrated on
/// open), <c>metrics.snapshot</c> and <c>wal/</c>; replays what the last run acknowledged but had not
/// yet checkpointed; and owns the checkpoints (snapshot, log truncation, retention).
/// </summary>
public sealed class EmbeddedStore : IAsyncDisposable
{
    private readonly ILogger<EmbeddedStore> _logger;
    private readonly StorageOptions _storage;
    private int _disposed;

    private EmbeddedStore(string dataPath, StorageOptions storage, TimeSeriesStore metrics, SqliteTelemetryStore sqlite,
        IngestPipeline pipeline, ILogger<EmbeddedStore> logger)
    {
        DataPath = dataPath;
        _storage = storage;
        Metrics = metrics;
        Sqlite = sqlite;
        Pipeline = pipeline;
        _logger = logger;
    }

    public string DataPath { get; }

    public TimeSeriesStore Metrics { get; }

    public SqliteTelemetryStore Sqlite { get; }

    public IngestPipeline Pipeline { get; }

    public string SnapshotPath => Path.Combine(DataPath, "metrics.snapshot");

    /// <summary>Opens everything; throws <see cref="StoreOpenException"/> with one clear sentence when it cannot.</summary>
    public static EmbeddedStore Open(string dataPath, StorageOptions storage, IngestOptions ingest, MetricsOptions metricsOptions,
        IngestStatistics statistics, ILoggerFactory loggers)
    {
        EnsureWritable(dataPath);
        var metrics = new TimeSeriesStore(metricsOptions);
        long snapshotSequence;
        try
        {
            snapshotSequence = MetricsSnapshot.Load(Path.Combine(dataPath, "metrics.snapshot"), metrics);
            // The snapshot keeps no metric types; the log replay below records the real ones for what it replays.
            metrics.Metadata.Infer(metrics.SeriesKinds());
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new StoreOpenException($"cannot read the metrics snapshot in {dataPath}: {ex.Message}", ex);
        }

        SqliteTelemetryStore sqlite;
        try
        {
            sqlite = new SqliteTelemetryStore(Path.Combine(dataPath, "telemetry.db"));
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            throw new StoreOpenException($"cannot open {Path.Combine(dataPath, "telemetry.db")}: {ex.Message}", ex);
        }

        var pipeline = new IngestPipeline(ingest, storage, metrics, sqlite, statistics, loggers.CreateLogger<IngestPipeline>());
        try
        {
            pipeline.Start(Path.Combine(dataPath, "wal"), storage.WalSegmentBytes, snapshotSequence);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            sqlite.Dispose();
            throw new StoreOpenException($"cannot replay the write-ahead log in {Path.Combine(dataPath, "wal")}: {ex.Message}", ex);
        }
        return new EmbeddedStore(dataPath, storage, metrics, sqlite, pipeline, loggers.CreateLogger<EmbeddedStore>());
    }

    /// <summary>Writes the metrics snapshot and drops log segments both stores no longer need.</summary>
    public void Checkpoint()
    {
        var sequence = MetricsSnapshot.Write(SnapshotPath, Metrics);
        var deleted = Pipeline.TruncateLog(sequence);
        _logger.LogInformation("Checkpoint at sequence {Sequence}: {Series} series, {Segments} log segments removed",
            sequence, Metrics.SeriesCount, deleted);
    }

    /// <summary>Applies the retention bounds of both stores, deleting logs and spans older than <c>Storage:HotDays</c>.</summary>
    public void EnforceRetention(DateTimeOffset now) =>
        EnforceRetention(now, new RetentionOptions { HotDays = _storage.HotDays }, archiveEnabled: false);

    /// <summary>
    /// Applies the retention bounds of both stores. With the archive enabled, rows older than the hot window are left to the
    /// archive job (it deletes them once written); only the row caps delete here, as the last-resort bound on the disk.
    /// </summary>
    public void EnforceRetention(DateTimeOffset now, RetentionOptions retention, bool archiveEnabled)
    {
        var droppedSeries = Metrics.Trim(now.ToUnixTimeMilliseconds());
        var cutoff = archiveEnabled ? long.MinValue : retention.CutoffMs(now);
        var (logs, spans) = Sqlite.Prune(cutoff, _storage.MaxLogRows, _storage.MaxSpanRows);
        if (droppedSeries + logs + spans > 0)
        {
            _logger.LogInformation("Retention removed {Series} empty series, {Logs} logs and {Spans} spans", droppedSeries, logs, spans);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The host and the container may both dispose the store; the second call must not touch closed files.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await Pipeline.DisposeAsync().ConfigureAwait(false);
        try
        {
            Checkpoint();
        }
        catch (IOException ex)
        {
            // Nothing is lost: the write-ahead log still holds every batch the snapshot would have covered.
            _logger.LogWarning(ex, "Final snapshot failed; the write-ahead log will be replayed on next start");
        }
        Sqlite.Dispose();
    }

    private static void EnsureWritable(string dataPath)
    {
        try
        {
            Directory.CreateDirectory(dataPath);
            var probe = Path.Combine(dataPath, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreOpenException($"the data path {dataPath} is not writable ({ex.Message}); set Storage:DataPath to a writable folder", ex);
        }
    }
}

public sealed class StoreOpenException(string message, Exception inner) : Exception(message, inner);
