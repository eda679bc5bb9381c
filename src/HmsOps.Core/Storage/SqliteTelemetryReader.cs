using System.Text;
using HmsOps.Core.Archive;
using HmsOps.Core.Logs;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Traces;
using Microsoft.Data.Sqlite;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Storage;

/// <summary>
/// Trace and log reads over the hot SQLite store, falling back to the archive for what is older than the hot window.
/// Each call opens its own read connection, so searches run beside the writer. Every value is a SQL parameter.
/// </summary>
public sealed class SqliteTelemetryReader : ITraceReader, ILogReader
{
    private readonly SqliteTelemetryStore _store;
    private readonly TelemetryFeed _feed;
    private readonly TelemetryArchive? _archive;
    private readonly RetentionOptions _retention;
    private readonly TimeProvider _time;

    /// <summary>Hot store only (no archive).</summary>
    public SqliteTelemetryReader(SqliteTelemetryStore store, TelemetryFeed feed)
        : this(store, feed, null, new RetentionOptions(), TimeProvider.System)
    {
    }

    public SqliteTelemetryReader(SqliteTelemetryStore store, TelemetryFeed feed, TelemetryArchive? archive, RetentionOptions retention, TimeProvider time)
    {
        _store = store;
        _feed = feed;
        _archive = archive;
        _retention = retention;
        _time = time;
    }

    public Task<TraceLookup?> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        var spans = _store.GetTrace(traceId);
        // A trace that began within a day of the hot window's start may have its first spans archived already (the
        // archive moves whole days by span start): those are read too. Newer traces never touch the archive.
        var mayStraddle = spans.Count > 0 && spans[0].StartUnixMicros / 1000 < _retention.CutoffMs(_time.GetUtcNow()) + 86_400_000;
        if (_archive is null || (spans.Count > 0 && !mayStraddle))
        {
            return Task.FromResult(spans.Count == 0 ? null : new TraceLookup(traceId, spans, FromArchive: false));
        }
        // Reading gzip files is slow next to SQLite: off the caller's thread.
        return Task.Run(() =>
        {
            var archived = _archive.FindTrace(traceId, cancellationToken);
            if (archived.Count == 0)
            {
                return spans.Count == 0 ? null : new TraceLookup(traceId, spans, FromArchive: false);
            }
            var hotIds = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
            var merged = spans.Concat(archived.Where(s => !hotIds.Contains(s.SpanId))).OrderBy(s => s.StartUnixMicros).ToList();
            return new TraceLookup(traceId, merged, FromArchive: true);
        }, cancellationToken);
    }

    /// <summary>
    /// Walks the per-trace summaries newest first. A trace is in the window when it starts there; the span filters
    /// (service, operation, errors) are checked on the trace's own spans, which the (trace_key, span_id) index finds together.
    /// </summary>
    public Task<IReadOnlyList<TraceSummary>> SearchAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        using var connection = _store.OpenReader();
        using var command = connection.CreateCommand();
        var where = new StringBuilder("t.start_us BETWEEN $from AND $to");
        command.Parameters.AddWithValue("$from", query.Start.ToUnixTimeMilliseconds() * 1000);
        command.Parameters.AddWithValue("$to", query.End.ToUnixTimeMilliseconds() * 1000);
        if (query.MinDurationMicros is { } min)
        {
            where.Append(" AND t.end_us - t.start_us >= $min");
            command.Parameters.AddWithValue("$min", min);
        }
        var spanFilter = new List<string>();
        if (query.Service is { } service)
        {
            spanFilter.Add("s.service = $service");
            command.Parameters.AddWithValue("$service", service);
        }
        if (query.Operation is { } operation)
        {
            spanFilter.Add("s.name = $operation");
            command.Parameters.AddWithValue("$operation", operation);
        }
        if (query.ErrorsOnly)
        {
            where.Append(" AND t.error_count > 0");
            if (spanFilter.Count > 0)
            {
                spanFilter.Add("s.status = 1");
            }
        }
        if (spanFilter.Count > 0)
        {
            where.Append($" AND EXISTS (SELECT 1 FROM spans s WHERE s.trace_key = t.id AND {string.Join(" AND ", spanFilter)})");
        }
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, TraceQuery.MaxLimit));
        command.CommandText = "SELECT t.trace_id, t.start_us, t.end_us - t.start_us, t.span_count, t.services, t.error_count, t.root_service, t.root_name " +
            $"FROM traces t INDEXED BY ix_traces_start WHERE {where} ORDER BY t.start_us DESC LIMIT $limit";
        var summaries = new List<TraceSummary>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var services = reader.GetString(4).Split(',').Order(StringComparer.Ordinal).ToArray();
            summaries.Add(new TraceSummary(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3), services,
                reader.GetInt32(5), reader.GetString(6), reader.GetString(7)));
        }
        return Task.FromResult<IReadOnlyList<TraceSummary>>(summaries);
    }

    public IDisposable SubscribeTrace(string traceId, Func<Task> onNewSpans) => _feed.SubscribeTrace(traceId, onNewSpans);

    /// <summary>
    /// Newest first by row id. Throws <see cref="ArgumentException"/> (a message to show) for text with nothing to search
    /// or an unusable field name. The archive is read when the page is not full from the hot store and the window starts
    /// before the hot window (a query without <see cref="LogQuery.From"/> stays in the hot store: it would read every day).
    /// </summary>
    public async Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken)
    {
        var filters = new LogFilters(query);
        var limit = Math.Clamp(query.Limit, 1, LogQuery.MaxLimit);
        var hot = QueryHot(query, filters, limit + 1);
        var fromArchive = false;
        if (hot.Count <= limit && _archive is not null && query.AfterId is null && query.From is { } from
            && from.ToUnixTimeMilliseconds() < _retention.CutoffMs(_time.GetUtcNow()))
        {
            var toMs = query.To?.ToUnixTimeMilliseconds() ?? long.MaxValue;
            var archived = await Task.Run(() => _archive.ReadLogs(from.ToUnixTimeMilliseconds(), toMs, query.BeforeId, limit + 1,
                filters.Matches, cancellationToken), cancellationToken).ConfigureAwait(false);
            // A row can be in both places (a crash between the archive's manifest and its delete; the newest row, which the
            // archive leaves): keep one. Asking the archive for a whole page keeps the page full despite such duplicates.
            var hotIds = hot.Select(l => l.Id).ToHashSet();
            var added = archived.Where(l => !hotIds.Contains(l.Id)).ToList();
            fromArchive = added.Count > 0;
            hot = hot.Concat(added).OrderByDescending(l => l.Id).ToList();
        }
        var more = hot.Count > limit;
        if (more)
        {
            hot.RemoveAt(hot.Count - 1);
        }
        return new LogPage(hot, more ? hot[^1].Id : null, fromArchive);
    }

    public IDisposable SubscribeNewLogs(Func<Task> onNewLogs) => _feed.SubscribeNewLogs(onNewLogs);

    private const int DenseProbeRows = 2_000;

    /// <summary>
    /// Whether at least <see cref="DenseProbeRows"/> rows pass the filters. With a time window SQLite walks the time index
    /// and sorts every row of the window by id, which for a wide window (the last day of a busy fleet) means sorting
    /// millions of rows per page. When many rows match, walking the table from the newest id down and stopping at the
    /// page's end is far cheaper; when few match, the index and a small sort are. The probe stops at its bound.
    /// </summary>
    private static bool ManyMatch(SqliteConnection connection, SqliteCommand query, List<string> where)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = $"SELECT count(*) FROM (SELECT 1 FROM logs l WHERE {string.Join(" AND ", where)} LIMIT {DenseProbeRows})";
        foreach (SqliteParameter parameter in query.Parameters)
        {
            probe.Parameters.AddWithValue(parameter.ParameterName, parameter.Value);
        }
        return Convert.ToInt64(probe.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) >= DenseProbeRows;
    }

    private List<StoredLog> QueryHot(LogQuery query, LogFilters filters, int take)
    {
        using var connection = _store.OpenReader();
        using var command = connection.CreateCommand();
        var where = filters.Sql(command);
        // With text, FTS5 drives: it yields matching rowids newest first and stops at the limit; the id bounds go to it too.
        var id = filters.Text is null ? "l.id" : "f.rowid";
        if (query.BeforeId is { } before)
        {
            where.Add($"{id} < $before");
            command.Parameters.AddWithValue("$before", before);
        }
        if (query.AfterId is { } after)
        {
            where.Add($"{id} > $after");
            command.Parameters.AddWithValue("$after", after);
        }
        string from;
        if (filters.Text is { } text)
        {
            from = "logs_fts f JOIN logs l ON l.id = f.rowid";
            where.Insert(0, "f.logs_fts MATCH $match");
            command.Parameters.AddWithValue("$match", text.ToFts5());
        }
        else
        {
            from = query.AfterId is null && (query.From is not null || query.To is not null) && ManyMatch(connection, command, where)
                ? "logs l NOT INDEXED"
                : "logs l";
        }
        command.Parameters.AddWithValue("$limit", take);
        command.CommandText = $"SELECT l.id, l.ts_ms, l.level, l.message, l.service, l.trace_id, l.span_id, l.fields FROM {from}" +
            (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + $" ORDER BY {id} DESC LIMIT $limit";
        var logs = new List<StoredLog>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                logs.Add(new StoredLog(reader.GetInt64(0), new LogEvent(reader.GetInt64(1), (LogLevel)reader.GetInt32(2), reader.GetString(3),
                    reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetString(7))));
            }
        }
        catch (SqliteException ex) when (filters.Text is not null && ex.Message.Contains("fts5", StringComparison.OrdinalIgnoreCase))
        {
            // The text is built from letters and digits only, so this should not happen; if it does, the page says why.
            throw new ArgumentException($"the search text could not be run: {ex.Message}", nameof(query), ex);
        }
        return logs;
    }
}
