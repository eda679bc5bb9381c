using System.Threading.Channels;
using HmsOps.Core.Metrics;
using HmsOps.Core.Storage;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Wal;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Ingest;

/// <summary>
/// The one way data gets in. A submitted batch is admitted against a bounded queue, checked against
/// the series bound, appended to the write-ahead log and fsync'd with whatever else is waiting (group
/// commit) and only then acknowledged; after that it is applied to the time-series store and handed
/// to the SQLite writer. A crash after the acknowledgement loses nothing: start-up replays the log.
/// </summary>
public sealed class IngestPipeline : IAsyncDisposable
{
    private const int MaxSpareWriteLists = 16;
    private const int MaxKeptSeriesWrites = 65_536;
    private const int MaxKeptBufferBytes = 4 * 1024 * 1024;

    private readonly IngestOptions _options;
    private readonly TimeSeriesStore _metrics;
    private readonly MetricExpander _expander;
    private readonly SqliteTelemetryStore _sqlite;
    private readonly IngestStatistics _statistics;
    private readonly ILogger _logger;
    private readonly Channel<PendingBatch> _incoming = Channel.CreateUnbounded<PendingBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<StorageBatch> _toSqlite;
    private readonly int _writerBatchEvents;
    // Reused by the writer loop, their only user: allocated per batch they land on the large-object heap
    // (a 500-event batch of histograms is ~3,000 series writes, ~100 KB) and drive gen-2 collections.
    private readonly Stack<List<SeriesWrite>> _spareWrites = new();
    private MemoryStream _encoded = new();
    private WriteAheadLog? _wal;
    private readonly SemaphoreSlim _walGate = new(1, 1);
    private Task? _writer;
    private Task? _sqliteWriter;
    private volatile bool _stopping;

    public IngestPipeline(
        IngestOptions options,
        StorageOptions storage,
        TimeSeriesStore metrics,
        SqliteTelemetryStore sqlite,
        IngestStatistics statistics,
        ILogger<IngestPipeline> logger)
    {
        _options = options;
        _metrics = metrics;
        _expander = new MetricExpander(metrics.Options, metrics.Metadata);
        _sqlite = sqlite;
        _statistics = statistics;
        _logger = logger;
        _writerBatchEvents = storage.WriterBatchEvents;
        _toSqlite = Channel.CreateBounded<StorageBatch>(new BoundedChannelOptions(storage.WriterQueueBatches)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public IngestStatistics Statistics => _statistics;

    /// <summary>
    /// Raised on the writer with each batch's logs once the batch is durable (not for batches replayed at start).
    /// Handlers must be quick; an exception is logged and does not affect ingest.
    /// </summary>
    public event Action<IReadOnlyList<LogEvent>>? LogsDurable;

    /// <summary>
    /// Raised on the SQLite writer after logs and spans are committed there, so readers notified by it see them
    /// (live tail, late spans of an open trace). Handlers must be quick; an exception is logged and ignored.
    /// </summary>
    public event Action<IReadOnlyList<LogEvent>, IReadOnlyList<SpanEvent>>? Stored;

    /// <summary>Batches waiting for the SQLite writer.</summary>
    public int StorageQueueBatches => _toSqlite.Reader.Count;

    /// <summary>True when the queue is so full that new requests are being turned away.</summary>
    public bool IsSaturated => _statistics.QueuedEvents >= _options.MaxQueuedEvents;

    public bool IsRunning => _writer is { IsCompleted: false } && !_stopping;

    /// <summary>The newest durable sequence number, for checkpoints.</summary>
    public long LastSequence => _wal?.LastSequence ?? 0;

    /// <summary>Replays the write-ahead log into the stores, then starts the writers.</summary>
    public void Start(string walDirectory, long segmentBytes, long metricsSequence)
    {
        var sqliteSequence = _sqlite.AppliedSequence;
        var replayed = 0;
        var writes = new List<SeriesWrite>();
        _wal = WriteAheadLog.Open(walDirectory, segmentBytes, Math.Min(metricsSequence, sqliteSequence),
            Math.Max(metricsSequence, sqliteSequence), (sequence, payload) =>
            {
                var events = Decode(payload);
                if (sequence > metricsSequence)
                {
                    writes.Clear();
                    ExpandMetrics(events, writes);
                    _metrics.Apply(writes, sequence);
                }
                if (sequence > sqliteSequence)
                {
                    var (logs, spans) = Split(events);
                    _sqlite.Write(sequence, logs, spans);
                }
                replayed++;
            });
        if (replayed > 0)
        {
            _logger.LogInformation("Replayed {Count} ingest batches from the write-ahead log", replayed);
        }
        _writer = Task.Run(WriteLoopAsync);
        _sqliteWriter = Task.Run(SqliteLoopAsync);
    }

    /// <summary>Submits a validated batch; completes when it is durable or refused.</summary>
    public Task<IngestOutcome> SubmitAsync(IReadOnlyList<TelemetryEvent> events)
    {
        if (_stopping || _writer is null)
        {
            return Task.FromResult(IngestOutcome.Down("the ingest pipeline is not running"));
        }
        var queued = _statistics.AddQueued(events.Count);
        if (queued > _options.MaxQueuedEvents && queued != events.Count)
        {
            // A batch alone larger than the queue is still admitted when the queue is empty, so it can never starve.
            _statistics.AddQueued(-events.Count);
            _statistics.CountRejection("saturated");
            return Task.FromResult(IngestOutcome.Full);
        }
        var pending = new PendingBatch(events, new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_incoming.Writer.TryWrite(pending))
        {
            _statistics.AddQueued(-events.Count);
            return Task.FromResult(IngestOutcome.Down("the ingest pipeline is stopping"));
        }
        return pending.Completion.Task;
    }

    /// <summary>Deletes the write-ahead-log segments neither store needs any more.</summary>
    public int TruncateLog(long metricsSnapshotSequence)
    {
        var safe = Math.Min(metricsSnapshotSequence, _sqlite.AppliedSequence);
        // Wait for the writer's group commit rather than skip: under steady load a skipped
        // truncation could be skipped every time, and the log would grow without bound.
        _walGate.Wait();
        try { return _wal?.TruncateThrough(safe) ?? 0; }
        finally { _walGate.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _incoming.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }
        _toSqlite.Writer.TryComplete();
        if (_sqliteWriter is not null)
        {
            await _sqliteWriter.ConfigureAwait(false);
        }
        await _walGate.WaitAsync().ConfigureAwait(false);
        _wal?.Dispose();
        _walGate.Release();
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingBatch>();
        var newSeries = new HashSet<string>(StringComparer.Ordinal);
        while (await _incoming.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            var events = 0;
            while (events < _options.MaxGroupEvents && _incoming.Reader.TryRead(out var next))
            {
                group.Add(next);
                events += next.Events.Count;
            }
            await CommitGroupAsync(group, newSeries).ConfigureAwait(false);
        }
    }

    private async Task CommitGroupAsync(List<PendingBatch> group, HashSet<string> newSeries)
    {
        newSeries.Clear();
        var existingSeries = _metrics.SeriesCount;
        var accepted = new List<(PendingBatch Batch, List<SeriesWrite> Writes)>(group.Count);
        // Batches admitted without looking up each series: so far from the bound that even all-new series could not reach it.
        var admittedUnchecked = new List<List<SeriesWrite>>();
        var uncheckedWrites = 0;
        foreach (var batch in group)
        {
            var writes = _spareWrites.TryPop(out var spare) ? spare : new List<SeriesWrite>();
            ExpandMetrics(batch.Events, writes);
            if (existingSeries + newSeries.Count + uncheckedWrites + writes.Count > _metrics.Options.MaxSeries)
            {
                // Near the bound the exact count matters: settle the batches admitted unchecked first.
                CountNewSeries(admittedUnchecked, newSeries);
                admittedUnchecked.Clear();
                uncheckedWrites = 0;
            }
            if (existingSeries + newSeries.Count + writes.Count + uncheckedWrites <= _metrics.Options.MaxSeries)
            {
                admittedUnchecked.Add(writes);
                uncheckedWrites += writes.Count;
                accepted.Add((batch, writes));
                continue;
            }
            writes.Clear();
            var refusal = ExpandWithinSeriesBound(batch.Events, writes, newSeries, existingSeries);
            if (refusal is not null)
            {
                _statistics.CountRejection("series_limit");
                Complete(batch, IngestOutcome.Refused([refusal]));
                Recycle(writes);
                continue;
            }
            accepted.Add((batch, writes));
        }
        if (accepted.Count == 0)
        {
            return;
        }

        var sequences = new long[accepted.Count];
        await _walGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var buffer = _encoded;
            for (var i = 0; i < accepted.Count; i++)
            {
                buffer.SetLength(0);
                using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
                {
                    EventCodec.Write(writer, accepted[i].Batch.Events);
                }
                sequences[i] = _wal!.Append(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            }
            if (buffer.Capacity > MaxKeptBufferBytes)
            {
                _encoded = new MemoryStream(); // one huge batch does not pin its buffer for good
            }
            _wal!.Commit();
        }
        catch (IOException ex)
        {
            _logger.LogError(ex, "Cannot write the ingest write-ahead log; refusing the batch");
            foreach (var (batch, _) in accepted)
            {
                _statistics.CountRejection("wal_error");
                Complete(batch, IngestOutcome.Down("the write-ahead log cannot be written: " + ex.Message));
            }
            return;
        }
        finally
        {
            _walGate.Release();
        }

        for (var i = 0; i < accepted.Count; i++)
        {
            var (batch, writes) = accepted[i];
            _metrics.Apply(writes, sequences[i]);
            Recycle(writes);
            var (logs, spans) = Split(batch.Events);
            _statistics.CountAccepted(batch.Events.Count - logs.Count - spans.Count, logs.Count, spans.Count);
            // Metric-only batches go too: the SQLite side records their sequence, which lets the log be truncated.
            await _toSqlite.Writer.WriteAsync(new StorageBatch(sequences[i], logs, spans)).ConfigureAwait(false);
            // Before the acknowledgement, so a client that got its 202 finds the logs' alerts already raised.
            RaiseLogsDurable(logs);
            Complete(batch, IngestOutcome.Durable(batch.Events.Count));
        }
    }

    private void RaiseLogsDurable(List<LogEvent> logs)
    {
        if (logs.Count == 0 || LogsDurable is not { } handlers)
        {
            return;
        }
        try
        {
            handlers(logs);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A durable-logs observer failed; ingest goes on");
        }
    }

    private void RaiseStored(List<LogEvent> logs, List<SpanEvent> spans)
    {
        if (logs.Count + spans.Count == 0 || Stored is not { } handlers)
        {
            return;
        }
        try
        {
            // Copies: the writer reuses its lists for the next batch.
            handlers(logs.ToArray(), spans.ToArray());
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A stored-telemetry observer failed; ingest goes on");
        }
    }

    private void Recycle(List<SeriesWrite> writes)
    {
        writes.Clear();
        if (_spareWrites.Count < MaxSpareWriteLists && writes.Capacity <= MaxKeptSeriesWrites)
        {
            _spareWrites.Push(writes);
        }
    }

    private void Complete(PendingBatch batch, IngestOutcome outcome)
    {
        _statistics.AddQueued(-batch.Events.Count);
        batch.Completion.TrySetResult(outcome);
    }

    /// <summary>Adds the series these writes create to <paramref name="newSeries"/>, as the exact check would have.</summary>
    private void CountNewSeries(List<List<SeriesWrite>> batches, HashSet<string> newSeries)
    {
        foreach (var writes in batches)
        {
            foreach (var write in writes)
            {
                if (!newSeries.Contains(write.Series.Key) && !_metrics.Contains(write.Series))
                {
                    newSeries.Add(write.Series.Key);
                }
            }
        }
    }

    /// <summary>Expands a batch's metrics, or names the first item that would pass the series bound.</summary>
    private IngestError? ExpandWithinSeriesBound(
        IReadOnlyList<TelemetryEvent> events, List<SeriesWrite> writes, HashSet<string> newSeries, int existingSeries)
    {
        var added = new List<string>();
        for (var index = 0; index < events.Count; index++)
        {
            if (events[index] is not MetricEvent metric)
            {
                continue;
            }
            var from = writes.Count;
            _expander.Expand(metric, writes);
            for (var w = from; w < writes.Count; w++)
            {
                var key = writes[w].Series.Key;
                if (newSeries.Contains(key) || _metrics.Contains(writes[w].Series))
                {
                    continue;
                }
                if (existingSeries + newSeries.Count >= _metrics.Options.MaxSeries)
                {
                    foreach (var undo in added)
                    {
                        newSeries.Remove(undo);
                    }
                    return new IngestError(index, "payload.labels",
                        $"would create a new series, but the store holds its maximum of {_metrics.Options.MaxSeries} series (Metrics:MaxSeries)");
                }
                newSeries.Add(key);
                added.Add(key);
            }
        }
        return null;
    }

    private async Task SqliteLoopAsync()
    {
        var logs = new List<LogEvent>();
        var spans = new List<SpanEvent>();
        while (await _toSqlite.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            logs.Clear();
            spans.Clear();
            long sequence = 0;
            while (logs.Count + spans.Count < _writerBatchEvents && _toSqlite.Reader.TryRead(out var batch))
            {
                logs.AddRange(batch.Logs);
                spans.AddRange(batch.Spans);
                sequence = batch.Sequence;
            }
            await WriteWithRetryAsync(sequence, logs, spans).ConfigureAwait(false);
            RaiseStored(logs, spans);
        }
    }

    private async Task WriteWithRetryAsync(long sequence, List<LogEvent> logs, List<SpanEvent> spans)
    {
        // The rows are durable in the write-ahead log already; a failing disk delays them, it does not lose them.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _sqlite.Write(sequence, logs, spans);
                return;
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                _logger.LogError(ex, "SQLite write failed (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * attempt))).ConfigureAwait(false);
            }
        }
    }

    private void ExpandMetrics(IReadOnlyList<TelemetryEvent> events, List<SeriesWrite> writes)
    {
        foreach (var item in events)
        {
            if (item is MetricEvent metric)
            {
                _expander.Expand(metric, writes);
            }
        }
    }

    private static (List<LogEvent> Logs, List<SpanEvent> Spans) Split(IReadOnlyList<TelemetryEvent> events)
    {
        var logs = new List<LogEvent>();
        var spans = new List<SpanEvent>();
        foreach (var item in events)
        {
            if (item is LogEvent log)
            {
                logs.Add(log);
            }
            else if (item is SpanEvent span)
            {
                spans.Add(span);
            }
        }
        return (logs, spans);
    }

    private static List<TelemetryEvent> Decode(ReadOnlyMemory<byte> payload)
    {
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        using var reader = new BinaryReader(stream);
        return EventCodec.Read(reader);
    }

    private sealed record PendingBatch(IReadOnlyList<TelemetryEvent> Events, TaskCompletionSource<IngestOutcome> Completion);

    private sealed record StorageBatch(long Sequence, IReadOnlyList<LogEvent> Logs, IReadOnlyList<SpanEvent> Spans);
}
