using HmsOps.Core.Telemetry;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HmsOps.Core.Storage;

/// <summary>
/// Keeps the <c>traces</c> summary rows of the spans one writer transaction inserts, and gives each span its trace's row
/// number (<c>spans.trace_key</c>, schema step 5). Before the batch's spans are inserted, <see cref="Prepare"/> adds them up
/// in memory per trace and finds each trace's row, or inserts it already holding the batch's figures, which gives the new
/// trace its number; <see cref="Flush"/> then writes the merged figures of traces that had a row (one keyed read and one
/// write per trace and batch; recomputing from the spans table read every span of the trace back, a fifth of the writer's
/// time per span). A span that replaced an earlier copy cannot be added up (its old values are gone), so its trace is
/// recomputed from its spans. Used only under the store's writer lock.
/// </summary>
internal sealed class TraceSummaryWriter : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _read;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _update;
    private readonly sqlite3_stmt _refresh;
    private readonly Dictionary<string, TraceDelta> _batch = new(StringComparer.Ordinal);
    private readonly HashSet<string> _services = new(StringComparer.Ordinal);

    public TraceSummaryWriter(sqlite3 db)
    {
        _db = db;
        _read = Prepare("SELECT start_us, end_us, span_count, error_count, services, root_service, root_name, root_start_us, root_has_parent, id " +
            "FROM traces WHERE trace_id = ?1");
        _insert = Prepare("INSERT INTO traces (start_us, end_us, span_count, error_count, services, root_service, root_name, root_start_us, " +
            "root_has_parent, trace_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        _update = Prepare("UPDATE traces SET start_us = ?1, end_us = ?2, span_count = ?3, error_count = ?4, services = ?5, root_service = ?6, " +
            "root_name = ?7, root_start_us = ?8, root_has_parent = ?9 WHERE id = ?10");
        _refresh = Prepare(TraceSummarySql.RefreshKey);
    }

    /// <summary>
    /// Adds up the batch's spans per trace and makes sure each trace has its summary row, in the caller's transaction, so
    /// <see cref="KeyOf"/> can number the spans before they are inserted.
    /// </summary>
    public void Prepare(IReadOnlyList<SpanEvent> spans)
    {
        _batch.Clear(); // a batch that failed part-way may have left traces behind
        foreach (var span in spans)
        {
            if (!_batch.TryGetValue(span.TraceId, out var delta))
            {
                delta = new TraceDelta();
                _batch.Add(span.TraceId, delta);
            }
            delta.Add(span);
        }
        foreach (var (traceId, delta) in _batch)
        {
            if (!MergeStored(traceId, delta))
            {
                Write(_insert, delta, traceId);
                delta.Key = raw.sqlite3_last_insert_rowid(_db);
                delta.Inserted = true;
            }
        }
    }

    /// <summary>The summary row number of a trace of the prepared batch.</summary>
    public long KeyOf(string traceId) => _batch[traceId].Key;

    /// <summary>A span of the prepared batch replaced a stored copy with the same ids: its trace is recomputed.</summary>
    public void Replaced(string traceId) => _batch[traceId].Recompute = true;

    /// <summary>Writes the summaries the batch changed, in the caller's transaction.</summary>
    public void Flush()
    {
        foreach (var (_, delta) in _batch)
        {
            if (delta.Recompute)
            {
                Check(raw.sqlite3_bind_int64(_refresh, 1, delta.Key));
                Step(_refresh);
            }
            else if (!delta.Inserted)
            {
                Write(_update, delta, null);
            }
        }
        _batch.Clear();
    }

    public void Dispose()
    {
        _read.Dispose();
        _insert.Dispose();
        _update.Dispose();
        _refresh.Dispose();
    }

    /// <summary>
    /// Folds the stored row, if any, into <paramref name="delta"/> and takes its number; false when the trace has no row yet.
    /// A row without root columns (step 5 creates such rows only for spans that had no summary) is recomputed instead.
    /// </summary>
    private bool MergeStored(string traceId, TraceDelta delta)
    {
        Check(raw.sqlite3_bind_text(_read, 1, traceId));
        try
        {
            var rc = raw.sqlite3_step(_read);
            if (rc == raw.SQLITE_DONE)
            {
                return false;
            }
            if (rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            delta.Key = raw.sqlite3_column_int64(_read, 9);
            if (raw.sqlite3_column_type(_read, 7) == raw.SQLITE_NULL)
            {
                delta.Recompute = true;
                return true;
            }
            _services.Clear();
            _services.UnionWith(raw.sqlite3_column_text(_read, 4).utf8_to_string().Split(','));
            _services.UnionWith(delta.Services);
            delta.Services.Clear();
            delta.Services.AddRange(_services);
            delta.StartUs = Math.Min(delta.StartUs, raw.sqlite3_column_int64(_read, 0));
            delta.EndUs = Math.Max(delta.EndUs, raw.sqlite3_column_int64(_read, 1));
            delta.Count += raw.sqlite3_column_int64(_read, 2);
            delta.Errors += raw.sqlite3_column_int64(_read, 3);
            var storedHasParent = raw.sqlite3_column_int64(_read, 8) != 0;
            var storedStart = raw.sqlite3_column_int64(_read, 7);
            // The stored root stays unless a new span comes strictly first in the root order (no parent first, then earliest).
            if (!TraceDelta.Precedes(delta.RootHasParent, delta.RootStartUs, storedHasParent, storedStart))
            {
                delta.RootService = raw.sqlite3_column_text(_read, 5).utf8_to_string();
                delta.RootName = raw.sqlite3_column_text(_read, 6).utf8_to_string();
                delta.RootStartUs = storedStart;
                delta.RootHasParent = storedHasParent;
            }
            return true;
        }
        finally
        {
            raw.sqlite3_reset(_read);
        }
    }

    /// <summary>Binds the figures as ?1..?9 and the row (the trace id to insert, or the number to update) as ?10, and runs it.</summary>
    private void Write(sqlite3_stmt statement, TraceDelta delta, string? traceId)
    {
        Check(raw.sqlite3_bind_int64(statement, 1, delta.StartUs));
        Check(raw.sqlite3_bind_int64(statement, 2, delta.EndUs));
        Check(raw.sqlite3_bind_int64(statement, 3, delta.Count));
        Check(raw.sqlite3_bind_int64(statement, 4, delta.Errors));
        Check(raw.sqlite3_bind_text(statement, 5, string.Join(',', delta.Services)));
        Check(raw.sqlite3_bind_text(statement, 6, delta.RootService));
        Check(raw.sqlite3_bind_text(statement, 7, delta.RootName));
        Check(raw.sqlite3_bind_int64(statement, 8, delta.RootStartUs));
        Check(raw.sqlite3_bind_int64(statement, 9, delta.RootHasParent ? 1 : 0));
        Check(traceId is null ? raw.sqlite3_bind_int64(statement, 10, delta.Key) : raw.sqlite3_bind_text(statement, 10, traceId));
        Step(statement);
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        return statement;
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    /// <summary>What one batch adds to one trace's summary.</summary>
    private sealed class TraceDelta
    {
        public long StartUs = long.MaxValue;
        public long EndUs = long.MinValue;
        public long Count;
        public long Errors;
        public readonly List<string> Services = [];
        public string RootService = "";
        public string RootName = "";
        public long RootStartUs = long.MaxValue;
        public bool RootHasParent = true;
        public bool Recompute;
        public long Key;
        public bool Inserted;

        public void Add(SpanEvent span)
        {
            StartUs = Math.Min(StartUs, span.StartUnixMicros);
            EndUs = Math.Max(EndUs, span.StartUnixMicros + span.DurationMicros);
            Count++;
            Errors += span.Status == SpanStatus.Error ? 1 : 0;
            if (!Services.Contains(span.Service, StringComparer.Ordinal))
            {
                Services.Add(span.Service);
            }
            var hasParent = span.ParentSpanId is not null;
            if (Count == 1 || Precedes(hasParent, span.StartUnixMicros, RootHasParent, RootStartUs))
            {
                (RootService, RootName, RootStartUs, RootHasParent) = (span.Service, span.Name, span.StartUnixMicros, hasParent);
            }
        }

        /// <summary>The summary's root order: a span without a parent before one with, then the earlier start.</summary>
        public static bool Precedes(bool hasParent, long startUs, bool otherHasParent, long otherStartUs) =>
            hasParent != otherHasParent ? !hasParent : startUs < otherStartUs;
    }
}
