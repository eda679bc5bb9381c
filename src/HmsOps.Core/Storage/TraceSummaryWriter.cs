using HmsOps.Core.Telemetry;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HmsOps.Core.Storage;

/// <summary>
/// Keeps the <c>traces</c> summary rows of the spans one writer transaction inserts. New spans are added up in memory per
/// trace and merged into the trace's row once per batch (one keyed read and one write); recomputing the row from the spans
/// table instead read every span of the trace back through the index, a fifth of the writer's time per span. A span that
/// replaced an earlier copy cannot be added up (its old values are gone), so its trace is recomputed from its spans.
/// Used only under the store's writer lock.
/// </summary>
internal sealed class TraceSummaryWriter : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _read;
    private readonly sqlite3_stmt _write;
    private readonly sqlite3_stmt _refresh;
    private readonly Dictionary<string, TraceDelta> _batch = new(StringComparer.Ordinal);
    private readonly HashSet<string> _services = new(StringComparer.Ordinal);

    public TraceSummaryWriter(sqlite3 db)
    {
        _db = db;
        _read = Prepare("SELECT start_us, end_us, span_count, error_count, services, root_service, root_name, root_start_us, root_has_parent " +
            "FROM traces WHERE trace_id = ?1");
        _write = Prepare("INSERT OR REPLACE INTO traces (trace_id, start_us, end_us, span_count, error_count, services, root_service, " +
            "root_name, root_start_us, root_has_parent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        _refresh = Prepare(TraceSummarySql.RefreshOne);
    }

    /// <summary>Forgets what a failed batch left behind.</summary>
    public void Clear() => _batch.Clear();

    /// <summary>A span this batch inserted (<paramref name="replaced"/>: it replaced a stored copy with the same ids).</summary>
    public void Add(SpanEvent span, bool replaced)
    {
        if (!_batch.TryGetValue(span.TraceId, out var delta))
        {
            delta = new TraceDelta();
            _batch.Add(span.TraceId, delta);
        }
        delta.Add(span);
        delta.Recompute |= replaced;
    }

    /// <summary>Writes one summary row per trace of the batch, in the caller's transaction.</summary>
    public void Flush()
    {
        foreach (var (traceId, delta) in _batch)
        {
            if (delta.Recompute || !MergeStored(traceId, delta))
            {
                Bind(_refresh, 1, traceId);
                Step(_refresh);
                continue;
            }
            Bind(_write, 1, traceId);
            Check(raw.sqlite3_bind_int64(_write, 2, delta.StartUs));
            Check(raw.sqlite3_bind_int64(_write, 3, delta.EndUs));
            Check(raw.sqlite3_bind_int64(_write, 4, delta.Count));
            Check(raw.sqlite3_bind_int64(_write, 5, delta.Errors));
            Bind(_write, 6, string.Join(',', delta.Services));
            Bind(_write, 7, delta.RootService);
            Bind(_write, 8, delta.RootName);
            Check(raw.sqlite3_bind_int64(_write, 9, delta.RootStartUs));
            Check(raw.sqlite3_bind_int64(_write, 10, delta.RootHasParent ? 1 : 0));
            Step(_write);
        }
        _batch.Clear();
    }

    public void Dispose()
    {
        _read.Dispose();
        _write.Dispose();
        _refresh.Dispose();
    }

    /// <summary>
    /// Folds the stored row, if any, into <paramref name="delta"/>. False when the row has no root columns: step 4 fills them
    /// for every trace, so this only guards against a row written some other way, and recomputing is always right.
    /// </summary>
    private bool MergeStored(string traceId, TraceDelta delta)
    {
        Bind(_read, 1, traceId);
        try
        {
            var rc = raw.sqlite3_step(_read);
            if (rc == raw.SQLITE_DONE)
            {
                return true;
            }
            if (rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            if (raw.sqlite3_column_type(_read, 7) == raw.SQLITE_NULL)
            {
                return false;
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

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        return statement;
    }

    private void Bind(sqlite3_stmt statement, int index, string value) => Check(raw.sqlite3_bind_text(statement, index, value));

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
