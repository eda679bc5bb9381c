using System.Globalization;
using System.Text.Json;
using HmsOps.Core.Archive;
using HmsOps.Core.Logs;
using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Storage;

/// <summary>
/// A <see cref="LogQuery"/>'s filters, checked once, as SQL for the hot store (every value a parameter) and as a predicate
/// for archived logs. Both compare a field the same way: strings as they are, numbers as SQLite prints them, booleans as
/// <c>true</c>/<c>false</c>.
/// </summary>
internal sealed class LogFilters
{
    private readonly LogQuery _query;
    private readonly HashSet<string> _services;
    private readonly HashSet<int> _levels;

    /// <summary>Throws <see cref="ArgumentException"/> with a message for the page when a filter cannot be run.</summary>
    public LogFilters(LogQuery query)
    {
        _query = query;
        Text = string.IsNullOrWhiteSpace(query.Text) ? null : LogTextQuery.Parse(query.Text);
        foreach (var (key, _) in query.Fields)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Contains('"', StringComparison.Ordinal) || key.Contains('\\', StringComparison.Ordinal))
            {
                throw new ArgumentException($"field name '{key}' must be non-empty and cannot contain \" or \\", nameof(query));
            }
        }
        _services = new HashSet<string>(query.Services, StringComparer.Ordinal);
        _levels = query.Levels.Select(l => (int)l).ToHashSet();
    }

    public LogTextQuery? Text { get; }

    /// <summary>The WHERE clauses over <c>l</c> (logs), parameters added to the command. Paging clauses are the caller's.</summary>
    public List<string> Sql(SqliteCommand command)
    {
        var where = new List<string>();
        void Add(string clause, string name, object value)
        {
            where.Add(clause);
            command.Parameters.AddWithValue(name, value);
        }
        if (_query.From is { } from)
        {
            Add("l.ts_ms >= $from", "$from", from.ToUnixTimeMilliseconds());
        }
        if (_query.To is { } to)
        {
            Add("l.ts_ms <= $to", "$to", to.ToUnixTimeMilliseconds());
        }
        if (_query.Services.Count > 0)
        {
            where.Add($"l.service IN ({string.Join(',', _query.Services.Select((_, i) => $"$s{i}"))})");
            for (var i = 0; i < _query.Services.Count; i++)
            {
                command.Parameters.AddWithValue($"$s{i}", _query.Services[i]);
            }
        }
        if (_query.Levels.Count > 0)
        {
            where.Add($"l.level IN ({string.Join(',', _levels.Select(l => l.ToString(CultureInfo.InvariantCulture)))})");
        }
        if (_query.TraceId is { } traceId)
        {
            Add("l.trace_id = $trace", "$trace", traceId);
        }
        for (var i = 0; i < _query.Fields.Count; i++)
        {
            where.Add($"json_valid(l.fields) AND CASE json_type(l.fields, $fk{i}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' " +
                $"ELSE CAST(json_extract(l.fields, $fk{i}) AS TEXT) END = $fv{i}");
            command.Parameters.AddWithValue($"$fk{i}", $"$.\"{_query.Fields[i].Key}\"");
            command.Parameters.AddWithValue($"$fv{i}", _query.Fields[i].Value);
        }
        return where;
    }

    /// <summary>The same filters (time excepted: the archive reader applies the window) over an archived log.</summary>
    public bool Matches(ArchivedLog log)
    {
        if ((_services.Count > 0 && !_services.Contains(log.Service)) || (_levels.Count > 0 && !_levels.Contains(log.Level)) ||
            (_query.TraceId is { } traceId && log.TraceId != traceId))
        {
            return false;
        }
        if (Text is null && _query.Fields.Count == 0)
        {
            return true;
        }
        var fields = FieldValues(log.Fields);
        return (Text is null || Text.Matches(log.Message, fields.Values)) &&
            _query.Fields.All(f => fields.TryGetValue(f.Key, out var value) && value == f.Value);
    }

    private static Dictionary<string, string> FieldValues(string json)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return values;
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                values[property.Name] = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString()!,
                    JsonValueKind.Number when value.TryGetInt64(out var integer) => integer.ToString(CultureInfo.InvariantCulture),
                    JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => "\0null",
                    _ => value.GetRawText(),
                };
            }
        }
        catch (JsonException)
        {
            // Ingest only stores valid JSON; a damaged archive line simply matches no field.
        }
        return values;
    }
}
