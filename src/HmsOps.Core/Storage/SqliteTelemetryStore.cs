using Microsoft.Data.Sqlite;
using HmsOps.Core.Telemetry;
using SQLitePCL;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Storage;

/// <summary>
/// Logs and spans in SQLite. One writer connection takes whole batches in one transaction, together
/// with the write-ahead-log sequence they came from, so replay after a crash never stores a row twice.
/// Readers open their own connections (WAL journal mode lets them run beside the writer).
/// </summary>
public sealed class SqliteTelemetryStore : IDisposable
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    // The per-row inserts use SQLite's own prepared statements, bound by position: through SqliteCommand every
    // row allocates a binder per parameter, a data reader and enumerators, which was a quarter of what ingest allocated.
    private readonly sqlite3_stmt _insertLog;
    private readonly sqlite3_stmt _insertSpan;
    private readonly sqlite3_stmt _replaceSpan;
    private readonly TraceSummaryWriter _summaries;
    private readonly SqliteCommand _setSequence;
    private byte[] _utf8 = new byte[4096];

    private const int WriterCacheKiB = 64 * 1024;
    private const int MaxBindBufferBytes = 256 * 1024;

    private const string SpanColumns =
        "(trace_id, span_id, parent_span_id, service, name, start_us, duration_us, status, attributes, " +
        "kind, status_message, events, links, resource, scope, trace_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";

    // The writer connection is shared by the ingest writer and the retention job; SQLite connections are not thread-safe.
    private readonly Lock _writerGate = new();

    public SqliteTelemetryStore(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
        // Span and log trace ids are random, so every insert lands on a random B-tree page: with SQLite's default
        // 2 MiB page cache even the interior pages fall out and are read back per row; 64 MiB keeps them and hot leaves.
        Execute(_writer, $"PRAGMA cache_size = -{WriterCacheKiB};");
        SchemaMigrations.Apply(_writer);

        _insertLog = PrepareRow(
            "INSERT INTO logs (ts_ms, level, service, message, trace_id, span_id, fields) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        // A span is inserted unless its ids are stored already; only then is it replaced, so the summary writer knows which
        // spans it may simply add up (a replaced span's old values are gone and its trace must be recomputed).
        _insertSpan = PrepareRow($"INSERT INTO spans {SpanColumns} ON CONFLICT (trace_key, span_id) DO NOTHING");
        _replaceSpan = PrepareRow($"INSERT OR REPLACE INTO spans {SpanColumns}");
        _summaries = new TraceSummaryWriter(_writer.Handle!);
        _setSequence = Prepare("UPDATE meta SET value = max(value, $sequence) WHERE key = 'applied_sequence'", "$sequence");
    }

    public int SchemaVersion
    {
        get
        {
            lock (_writerGate)
            {
                return Convert.ToInt32(Scalar(_writer, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>The write-ahead-log sequence of the newest batch committed here.</summary>
    public long AppliedSequence
    {
        get
        {
            lock (_writerGate)
            {
                return Convert.ToInt64(Scalar(_writer, "SELECT value FROM meta WHERE key = 'applied_sequence'"), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Writes a batch and records its sequence, in one transaction. Only the writer thread calls this.</summary>
    public void Write(long sequence, IReadOnlyList<LogEvent> logs, IReadOnlyList<SpanEvent> spans)
    {
        lock (_writerGate)
        {
            WriteLocked(sequence, logs, spans);
        }
    }

    private void WriteLocked(long sequence, IReadOnlyList<LogEvent> logs, IReadOnlyList<SpanEvent> spans)
    {
        using var transaction = _writer.BeginTransaction();
        _setSequence.Transaction = transaction;
        foreach (var log in logs)
        {
            var row = _insertLog;
            Check(raw.sqlite3_bind_int64(row, 1, log.TimestampMs));
            Check(raw.sqlite3_bind_int64(row, 2, (int)log.Level));
            BindText(row, 3, log.Service);
            BindText(row, 4, log.Message);
            BindText(row, 5, log.TraceId);
            BindText(row, 6, log.SpanId);
            BindText(row, 7, log.FieldsJson);
            Insert(row);
        }
        // Summary rows first: they number the traces the spans refer to. One summary write per trace in the batch, not per span.
        _summaries.Prepare(spans);
        foreach (var span in spans)
        {
            var key = _summaries.KeyOf(span.TraceId);
            BindSpan(_insertSpan, span, key);
            Insert(_insertSpan);
            if (raw.sqlite3_changes(_writer.Handle) == 0)
            {
                BindSpan(_replaceSpan, span, key);
                Insert(_replaceSpan);
                _summaries.Replaced(span.TraceId);
            }
        }
        _summaries.Flush();
        _setSequence.Parameters[0].Value = sequence;
        _setSequence.ExecuteNonQuery();
        transaction.Commit();
    }

    private void BindSpan(sqlite3_stmt row, SpanEvent span, long traceKey)
    {
        BindText(row, 1, span.TraceId);
        BindText(row, 2, span.SpanId);
        BindText(row, 3, span.ParentSpanId);
        BindText(row, 4, span.Service);
        BindText(row, 5, span.Name);
        Check(raw.sqlite3_bind_int64(row, 6, span.StartUnixMicros));
        Check(raw.sqlite3_bind_int64(row, 7, span.DurationMicros));
        Check(raw.sqlite3_bind_int64(row, 8, (int)span.Status));
        BindText(row, 9, span.AttributesJson);
        Check(raw.sqlite3_bind_int64(row, 10, (int)span.Kind));
        BindText(row, 11, span.StatusMessage);
        BindText(row, 12, span.EventsJson);
        BindText(row, 13, span.LinksJson);
        BindText(row, 14, span.ResourceJson);
        BindText(row, 15, span.ScopeJson);
        Check(raw.sqlite3_bind_int64(row, 16, traceKey));
    }

    /// <summary>
    /// Deletes logs and spans older than the cutoff, then the oldest beyond the row bounds. Pass <see cref="long.MinValue"/>
    /// as the cutoff to apply only the row bounds (the archive job removes old rows once it has written them).
    /// </summary>
    public (long Logs, long Spans) Prune(long cutoffMs, long maxLogRows, long maxSpanRows)
    {
        lock (_writerGate)
        {
            return PruneLocked(cutoffMs, maxLogRows, maxSpanRows);
        }
    }

    private (long Logs, long Spans) PruneLocked(long cutoffMs, long maxLogRows, long maxSpanRows)
    {
        using var transaction = _writer.BeginTransaction();
        long logs = 0, spans = 0;
        var refreshBeforeUs = long.MinValue;
        if (cutoffMs != long.MinValue)
        {
            logs = NonQuery("DELETE FROM logs WHERE ts_ms < $v", cutoffMs, transaction);
            spans = NonQuery("DELETE FROM spans WHERE start_us < $v", cutoffMs * 1000, transaction);
            refreshBeforeUs = cutoffMs * 1000;
        }
        logs += NonQuery("DELETE FROM logs WHERE id <= (SELECT max(id) FROM logs) - $v", maxLogRows, transaction);
        var spanCount = Convert.ToInt64(Scalar(_writer, "SELECT count(*) FROM spans", transaction), System.Globalization.CultureInfo.InvariantCulture);
        if (spanCount > maxSpanRows)
        {
            var newestDeleted = Convert.ToInt64(Scalar(_writer,
                $"SELECT start_us FROM spans INDEXED BY ix_spans_start ORDER BY start_us LIMIT 1 OFFSET {spanCount - maxSpanRows - 1}", transaction),
                System.Globalization.CultureInfo.InvariantCulture);
            spans += NonQuery("DELETE FROM spans WHERE start_us <= $v", newestDeleted, transaction);
            refreshBeforeUs = Math.Max(refreshBeforeUs, newestDeleted + 1);
        }
        if (spans > 0)
        {
            NonQuery(TraceSummarySql.RefreshStartingBefore.Replace("$before", "$v", StringComparison.Ordinal), refreshBeforeUs, transaction);
        }
        transaction.Commit();
        return (logs, spans);
    }

    /// <summary>
    /// Deletes exactly the rows an archive run wrote (a log by id and time, a span by key and start, so a row replaced since
    /// is kept), in one transaction, then refreshes the summaries of traces starting before <paramref name="refreshBeforeUs"/>.
    /// The sequences are read lazily (from the archive files), so memory stays bounded whatever the day's size.
    /// </summary>
    public (long Logs, long Spans) DeleteArchived(IEnumerable<(long Id, long TimestampMs)> logs,
        IEnumerable<(string TraceId, string SpanId, long StartUs)> spans, long refreshBeforeUs)
    {
        lock (_writerGate)
        {
            using var transaction = _writer.BeginTransaction();
            long deletedLogs = 0, deletedSpans = 0;
            // The newest row is never deleted here: SQLite numbers a new row max(id) + 1, so emptying the table would
            // restart ids at 1 and give new logs the ids of archived ones (paging and de-duplication go by id). The row
            // stays in both places until the row cap removes it; reads show it once.
            using (var deleteLog = new SqliteCommand(
                "DELETE FROM logs WHERE id = $id AND ts_ms = $ts AND id < (SELECT max(id) FROM logs)", _writer, transaction))
            {
                var id = deleteLog.Parameters.Add("$id", SqliteType.Integer);
                var ts = deleteLog.Parameters.Add("$ts", SqliteType.Integer);
                deleteLog.Prepare();
                foreach (var log in logs)
                {
                    id.Value = log.Id;
                    ts.Value = log.TimestampMs;
                    deletedLogs += deleteLog.ExecuteNonQuery();
                }
            }
            using (var deleteSpan = new SqliteCommand(
                "DELETE FROM spans WHERE trace_key = (SELECT id FROM traces WHERE trace_id = $trace) AND span_id = $span AND start_us = $start",
                _writer, transaction))
            {
                var trace = deleteSpan.Parameters.Add("$trace", SqliteType.Text);
                var span = deleteSpan.Parameters.Add("$span", SqliteType.Text);
                var start = deleteSpan.Parameters.Add("$start", SqliteType.Integer);
                deleteSpan.Prepare();
                foreach (var row in spans)
                {
                    trace.Value = row.TraceId;
                    span.Value = row.SpanId;
                    start.Value = row.StartUs;
                    deletedSpans += deleteSpan.ExecuteNonQuery();
                }
            }
            if (deletedSpans > 0)
            {
                NonQuery(TraceSummarySql.RefreshStartingBefore.Replace("$before", "$v", StringComparison.Ordinal), refreshBeforeUs, transaction);
            }
            transaction.Commit();
            return (deletedLogs, deletedSpans);
        }
    }

    public IReadOnlyList<SpanEvent> GetTrace(string traceId)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT trace_id, span_id, parent_span_id, service, name, start_us, duration_us, status, attributes, " +
            "kind, status_message, events, links, resource, scope FROM spans " +
            "WHERE trace_key = (SELECT id FROM traces WHERE trace_id = $trace) ORDER BY start_us";
        command.Parameters.AddWithValue("$trace", traceId);
        using var reader = command.ExecuteReader();
        var spans = new List<SpanEvent>();
        while (reader.Read())
        {
            spans.Add(new SpanEvent(reader.GetString(0), reader.GetString(1), OptionalText(reader, 2),
                reader.GetString(3), reader.GetString(4), reader.GetInt64(5), reader.GetInt64(6), (SpanStatus)reader.GetInt32(7), reader.GetString(8))
            {
                Kind = (SpanKind)reader.GetInt32(9),
                StatusMessage = OptionalText(reader, 10),
                EventsJson = OptionalText(reader, 11),
                LinksJson = OptionalText(reader, 12),
                ResourceJson = OptionalText(reader, 13),
                ScopeJson = OptionalText(reader, 14),
            });
        }
        return spans;
    }

    /// <summary>Newest first. Every filter is optional.</summary>
    public IReadOnlyList<LogEvent> QueryLogs(string? service, string? traceId, long fromMs, long toMs, int limit)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT ts_ms, level, message, service, trace_id, span_id, fields FROM logs " +
            "WHERE ts_ms BETWEEN $from AND $to " +
            (service is null ? "" : "AND service = $service ") +
            (traceId is null ? "" : "AND trace_id = $trace ") +
            "ORDER BY ts_ms DESC, id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        command.Parameters.AddWithValue("$limit", limit);
        if (service is not null)
        {
            command.Parameters.AddWithValue("$service", service);
        }
        if (traceId is not null)
        {
            command.Parameters.AddWithValue("$trace", traceId);
        }
        using var reader = command.ExecuteReader();
        var logs = new List<LogEvent>();
        while (reader.Read())
        {
            logs.Add(new LogEvent(reader.GetInt64(0), (LogLevel)reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6)));
        }
        return logs;
    }

    private static string? OptionalText(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public long CountLogs() => CountRows("logs");

    public long CountSpans() => CountRows("spans");

    public void Dispose()
    {
        _insertLog.Dispose();
        _insertSpan.Dispose();
        _replaceSpan.Dispose();
        _summaries.Dispose();
        _setSequence.Dispose();
        _writer.Dispose();
    }

    private long CountRows(string table)
    {
        using var connection = OpenReader();
        return Convert.ToInt64(Scalar(connection, $"SELECT count(*) FROM {table}"), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A fresh read connection (WAL lets readers run beside the writer); the caller disposes it.</summary>
    internal SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private sqlite3_stmt PrepareRow(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_writer.Handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, _writer.Handle);
        return statement;
    }

    private void BindText(sqlite3_stmt row, int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(row, index));
            return;
        }
        // Encoded into one reused buffer (SQLite copies what it is given): binding the string allocated a UTF-8 copy per
        // value, ten per span row, garbage the collector then had to chase at ingest rates.
        // A value too large for the buffer's bound goes the allocating way, so one huge attribute does not pin a huge buffer.
        var most = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        if (most > MaxBindBufferBytes)
        {
            Check(raw.sqlite3_bind_text(row, index, value));
            return;
        }
        if (_utf8.Length < most)
        {
            _utf8 = new byte[Math.Min(MaxBindBufferBytes, Math.Max(most, _utf8.Length * 2))];
        }
        var length = System.Text.Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(row, index, _utf8.AsSpan(0, length)));
    }

    private void Insert(sqlite3_stmt row)
    {
        var rc = raw.sqlite3_step(row);
        try
        {
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _writer.Handle);
            }
        }
        finally
        {
            raw.sqlite3_reset(row);
        }
    }

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _writer.Handle);

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _writer.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Prepare();
        return command;
    }

    private int NonQuery(string sql, long value, SqliteTransaction transaction)
    {
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$v", value);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
