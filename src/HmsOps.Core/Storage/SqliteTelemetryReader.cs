using System.Globalization;
using System.Text;
using HmsOps.Core.Logs;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Traces;
using Microsoft.Data.Sqlite;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Storage;

/// <summary>
/// Trace and log reads over the hot SQLite store. Each call opens its own read connection, so searches run
/// beside the writer. (The archive fallback for data older than the hot window plugs in here.)
/// </summary>
public sealed class SqliteTelemetryReader(SqliteTelemetryStore store, TelemetryFeed feed) : ITraceReader, ILogReader
{
    public Task<TraceLookup?> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        var spans = store.GetTrace(traceId);
        return Task.FromResult(spans.Count == 0 ? null : new TraceLookup(traceId, spans, FromArchive: false));
    }

    public Task<IReadOnlyList<TraceSummary>> SearchAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        using var connection = store.OpenReader();
        using var command = connection.CreateCommand();
        var where = new StringBuilder("start_us BETWEEN $from AND $to");
        command.Parameters.AddWithValue("$from", query.Start.ToUnixTimeMilliseconds() * 1000);
        command.Parameters.AddWithValue("$to", query.End.ToUnixTimeMilliseconds() * 1000);
        if (query.Service is { } service)
        {
            where.Append(" AND service = $service");
            command.Parameters.AddWithValue("$service", service);
        }
        if (query.Operation is { } operation)
        {
            where.Append(" AND name = $operation");
            command.Parameters.AddWithValue("$operation", operation);
        }
        if (query.ErrorsOnly)
        {
            where.Append(" AND status = 1");
        }
        var limit = Math.Clamp(query.Limit, 1, TraceQuery.MaxLimit);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$min", query.MinDurationMicros ?? 0);
        command.CommandText = $"""
            WITH matched AS (SELECT trace_id, max(start_us) AS newest FROM spans WHERE {where} GROUP BY trace_id)
            SELECT s.trace_id, min(s.start_us), max(s.start_us + s.duration_us) - min(s.start_us), count(*),
                   group_concat(DISTINCT s.service), sum(s.status), m.newest
            FROM matched m JOIN spans s ON s.trace_id = m.trace_id
            GROUP BY s.trace_id
            HAVING max(s.start_us + s.duration_us) - min(s.start_us) >= $min
            ORDER BY min(s.start_us) DESC
            LIMIT $limit
            """;
        var rows = new List<(string TraceId, long Start, long Duration, int Count, string[] Services, int Errors)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var services = reader.GetString(4).Split(',').Order(StringComparer.Ordinal).ToArray();
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3), services, reader.GetInt32(5)));
            }
        }
        var summaries = new List<TraceSummary>(rows.Count);
        foreach (var row in rows)
        {
            var (rootService, rootName) = Root(connection, row.TraceId);
            summaries.Add(new TraceSummary(row.TraceId, row.Start, row.Duration, row.Count, row.Services, row.Errors, rootService, rootName));
        }
        return Task.FromResult<IReadOnlyList<TraceSummary>>(summaries);
    }

    public IDisposable SubscribeTrace(string traceId, Func<Task> onNewSpans) => feed.SubscribeTrace(traceId, onNewSpans);

    public Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken)
    {
        using var connection = store.OpenReader();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        void Add(string clause, string name, object value)
        {
            where.Add(clause);
            command.Parameters.AddWithValue(name, value);
        }
        if (query.From is { } from)
        {
            Add("ts_ms >= $from", "$from", from.ToUnixTimeMilliseconds());
        }
        if (query.To is { } to)
        {
            Add("ts_ms <= $to", "$to", to.ToUnixTimeMilliseconds());
        }
        if (query.Services.Count > 0)
        {
            where.Add($"service IN ({string.Join(',', query.Services.Select((_, i) => $"$s{i}"))})");
            for (var i = 0; i < query.Services.Count; i++)
            {
                command.Parameters.AddWithValue($"$s{i}", query.Services[i]);
            }
        }
        if (query.Levels.Count > 0)
        {
            where.Add($"level IN ({string.Join(',', query.Levels.Select(l => ((int)l).ToString(CultureInfo.InvariantCulture)))})");
        }
        if (query.TraceId is { } traceId)
        {
            Add("trace_id = $trace", "$trace", traceId);
        }
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            Add("instr(lower(message), lower($text)) > 0", "$text", query.Text);
        }
        for (var i = 0; i < query.Fields.Count; i++)
        {
            where.Add($"json_extract(fields, $fk{i}) = $fv{i}");
            command.Parameters.AddWithValue($"$fk{i}", "$.\"" + query.Fields[i].Key.Replace("\"", "", StringComparison.Ordinal) + "\"");
            command.Parameters.AddWithValue($"$fv{i}", query.Fields[i].Value);
        }
        if (query.BeforeId is { } before)
        {
            Add("id < $before", "$before", before);
        }
        if (query.AfterId is { } after)
        {
            Add("id > $after", "$after", after);
        }
        var limit = Math.Clamp(query.Limit, 1, LogQuery.MaxLimit);
        command.Parameters.AddWithValue("$limit", limit + 1);
        command.CommandText = "SELECT id, ts_ms, level, message, service, trace_id, span_id, fields FROM logs" +
            (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY id DESC LIMIT $limit";
        var logs = new List<StoredLog>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            logs.Add(new StoredLog(reader.GetInt64(0), new LogEvent(reader.GetInt64(1), (LogLevel)reader.GetInt32(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7))));
        }
        var more = logs.Count > limit;
        if (more)
        {
            logs.RemoveAt(logs.Count - 1);
        }
        return Task.FromResult(new LogPage(logs, more ? logs[^1].Id : null, FromArchive: false));
    }

    public IDisposable SubscribeNewLogs(Func<Task> onNewLogs) => feed.SubscribeNewLogs(onNewLogs);

    private static (string Service, string Name) Root(SqliteConnection connection, string traceId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT service, name FROM spans WHERE trace_id = $trace ORDER BY parent_span_id IS NOT NULL, start_us LIMIT 1";
        command.Parameters.AddWithValue("$trace", traceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1)) : ("", "");
    }
}
