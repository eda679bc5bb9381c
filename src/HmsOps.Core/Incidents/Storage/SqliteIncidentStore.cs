using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using HmsOps.Core.Storage;
using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Incidents.Storage;

/// <summary>
/// <see cref="IIncidentStore"/> in <c>incidents.db</c> under the data path. One connection behind a lock; each write is
/// one transaction, so an incident and its new entries land together or not at all.
/// </summary>
public sealed class SqliteIncidentStore : IIncidentStore, IDisposable
{
    public const string FileName = "incidents.db";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection = null!;
    private readonly int _maxTimelineEntries;

    /// <exception cref="StoreOpenException">The file cannot be created, opened or migrated; the message names it.</exception>
    public SqliteIncidentStore(string databasePath, int maxTimelineEntries)
    {
        _maxTimelineEntries = maxTimelineEntries;
        try
        {
            _connection = SqliteMigrations.Open(databasePath);
            SqliteMigrations.Apply(_connection, FileName, IncidentsSchema.Steps);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            _connection?.Dispose();
            throw new StoreOpenException($"cannot open {databasePath} (incidents, under Storage:DataPath): {ex.Message}", ex);
        }
    }

    public Incident? Get(string id)
    {
        lock (_gate)
        {
            return Read("WHERE id = $p LIMIT 1", c => c.Parameters.AddWithValue("$p", id)).FirstOrDefault();
        }
    }

    public Incident? FindUnresolved(string groupKey)
    {
        lock (_gate)
        {
            return Read("WHERE group_key = $p AND state <> 'resolved' ORDER BY opened_at_ms LIMIT 1", c => c.Parameters.AddWithValue("$p", groupKey)).FirstOrDefault();
        }
    }

    public IReadOnlyList<Incident> Unresolved()
    {
        lock (_gate)
        {
            return Read("WHERE state <> 'resolved' ORDER BY opened_at_ms, id", _ => { });
        }
    }

    public IReadOnlyList<Incident> List(IncidentQuery query)
    {
        var where = new List<string>();
        lock (_gate)
        {
            return Read(Where(query, where) + " ORDER BY opened_at_ms DESC, id DESC LIMIT $limit", c =>
            {
                c.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, IncidentQuery.MaxLimit));
                if (query.State is { } state)
                {
                    c.Parameters.AddWithValue("$state", state.Text());
                }
                if (query.Severity is { } severity)
                {
                    c.Parameters.AddWithValue("$severity", severity.Trim().ToLowerInvariant());
                }
                if (query.Service is { } service)
                {
                    // services is a JSON array of strings; matching the quoted name avoids "ach" finding "ach-svc".
                    c.Parameters.AddWithValue("$service", ContainsQuoted(service.Trim()));
                }
                if (query.From is { } from)
                {
                    c.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
                }
                if (query.To is { } to)
                {
                    c.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
                }
            });
        }
    }

    public Incident? LatestLinkedTo(string reference)
    {
        lock (_gate)
        {
            // Fingerprints and change ids are plain tokens, so their quoted JSON form only matches a link (or a group key
            // made of it, which the check below rules out).
            return Read("WHERE data LIKE $p ESCAPE '\\' ORDER BY opened_at_ms DESC LIMIT 20", c => c.Parameters.AddWithValue("$p", ContainsQuoted(reference)))
                .FirstOrDefault(i => i.AlertFingerprints.Contains(reference, StringComparer.Ordinal) || i.ChangeIds.Contains(reference, StringComparer.Ordinal));
        }
    }

    public (Incident Incident, IReadOnlyList<TimelineEntry> Entries) Insert(Incident incident, IReadOnlyList<TimelineEntry> entries)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var year = incident.OpenedAt.UtcDateTime.Year;
            var number = Convert.ToInt64(Scalar(transaction,
                "INSERT INTO counters (year, last) VALUES ($y, 1) ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
                ("$y", year)), CultureInfo.InvariantCulture);
            var saved = incident with { Id = string.Create(CultureInfo.InvariantCulture, $"INC-{year}-{number:0000}"), Revision = 1 };
            Execute(transaction,
                "INSERT INTO incidents (id, state, severity, group_key, opened_at_ms, ended_at_ms, resolved_at_ms, services, revision, data) " +
                "VALUES ($id, $state, $severity, $group, $opened, $ended, $resolved, $services, $revision, $data)", Columns(saved));
            var stored = Append(transaction, saved.Id, entries);
            transaction.Commit();
            return (saved, stored);
        }
    }

    public IReadOnlyList<TimelineEntry> Save(Incident incident, IReadOnlyList<TimelineEntry> entries)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var updated = Execute(transaction,
                "UPDATE incidents SET state = $state, severity = $severity, group_key = $group, opened_at_ms = $opened, ended_at_ms = $ended, " +
                "resolved_at_ms = $resolved, services = $services, revision = $revision, data = $data WHERE id = $id", Columns(incident));
            if (updated != 1)
            {
                throw new InvalidOperationException($"{FileName}: no incident {incident.Id} to save");
            }
            var stored = Append(transaction, incident.Id, entries);
            transaction.Commit();
            return stored;
        }
    }

    public IReadOnlyList<TimelineEntry> Timeline(string incidentId, long afterSequence = 0, int limit = int.MaxValue)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT seq, at_ms, source, actor, text, link, ref FROM timeline WHERE incident_id = $id AND seq > $after ORDER BY seq LIMIT $limit";
            command.Parameters.AddWithValue("$id", incidentId);
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var result = new List<TimelineEntry>();
            while (reader.Read())
            {
                result.Add(new TimelineEntry(reader.GetInt64(0), incidentId, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    Enum.Parse<TimelineSource>(reader.GetString(2), ignoreCase: true), reader.GetString(3), reader.GetString(4))
                {
                    Link = reader.IsDBNull(5) ? null : reader.GetString(5),
                    Ref = reader.IsDBNull(6) ? null : reader.GetString(6),
                });
            }
            return result;
        }
    }

    public PostmortemDocument? Postmortem(string incidentId)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT markdown, updated_at_ms, updated_by, generated FROM postmortems WHERE incident_id = $id";
            command.Parameters.AddWithValue("$id", incidentId);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new PostmortemDocument(incidentId, reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetInt64(3) != 0)
                : null;
        }
    }

    public void SavePostmortem(PostmortemDocument document)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            Execute(transaction,
                "INSERT INTO postmortems (incident_id, markdown, updated_at_ms, updated_by, generated) VALUES ($id, $md, $at, $by, $gen) " +
                "ON CONFLICT (incident_id) DO UPDATE SET markdown = $md, updated_at_ms = $at, updated_by = $by, generated = $gen",
                [("$id", document.IncidentId), ("$md", document.Markdown), ("$at", document.UpdatedAt.ToUnixTimeMilliseconds()),
                 ("$by", document.UpdatedBy), ("$gen", document.Generated ? 1 : 0)]);
            transaction.Commit();
        }
    }

    public int Prune(DateTimeOffset resolvedBefore, int maxIncidents)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var expired = Execute(transaction, "DELETE FROM incidents WHERE state = 'resolved' AND resolved_at_ms < $before",
                [("$before", resolvedBefore.ToUnixTimeMilliseconds())]);
            var excess = Execute(transaction,
                "DELETE FROM incidents WHERE id IN (SELECT id FROM incidents WHERE state = 'resolved' ORDER BY opened_at_ms DESC, id DESC LIMIT -1 " +
                "OFFSET MAX(0, $max - (SELECT COUNT(*) FROM incidents WHERE state <> 'resolved')))", [("$max", maxIncidents)]);
            transaction.Commit();
            return expired + excess;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private static string Where(IncidentQuery query, List<string> where)
    {
        if (query.State is not null)
        {
            where.Add("state = $state");
        }
        if (query.Severity is not null)
        {
            where.Add("severity = $severity");
        }
        if (query.Service is not null)
        {
            where.Add("services LIKE $service ESCAPE '\\'");
        }
        if (query.From is not null)
        {
            where.Add("(ended_at_ms IS NULL OR ended_at_ms >= $from)");
        }
        if (query.To is not null)
        {
            where.Add("opened_at_ms <= $to");
        }
        return where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
    }

    /// <summary>A LIKE pattern for the value as a JSON string anywhere in a JSON text, its wildcards escaped.</summary>
    private static string ContainsQuoted(string value) =>
        "%" + JsonSerializer.Serialize(value).Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private List<TimelineEntry> Append(SqliteTransaction transaction, string incidentId, IReadOnlyList<TimelineEntry> entries)
    {
        var stored = new List<TimelineEntry>();
        if (entries.Count == 0)
        {
            return stored;
        }
        using var last = _connection.CreateCommand();
        last.Transaction = transaction;
        last.CommandText = "SELECT COALESCE(MAX(seq), 0), COUNT(*) FROM timeline WHERE incident_id = $id";
        last.Parameters.AddWithValue("$id", incidentId);
        long sequence;
        long count;
        using (var reader = last.ExecuteReader())
        {
            reader.Read();
            sequence = reader.GetInt64(0);
            count = reader.GetInt64(1);
        }
        foreach (var entry in entries)
        {
            if (count >= _maxTimelineEntries && !entry.Source.IsEssential())
            {
                continue; // at the bound, collectors' entries give way; what people and the incident did is always kept
            }
            var numbered = entry with { Sequence = ++sequence, IncidentId = incidentId };
            Execute(transaction,
                "INSERT INTO timeline (incident_id, seq, at_ms, source, actor, text, link, ref) VALUES ($id, $seq, $at, $source, $actor, $text, $link, $ref)",
                [("$id", incidentId), ("$seq", numbered.Sequence), ("$at", numbered.At.ToUnixTimeMilliseconds()), ("$source", numbered.Source.Text()),
                 ("$actor", numbered.Actor), ("$text", numbered.Text), ("$link", numbered.Link), ("$ref", numbered.Ref)]);
            stored.Add(numbered);
            count++;
        }
        return stored;
    }

    private static (string, object?)[] Columns(Incident incident) =>
    [
        ("$id", incident.Id), ("$state", incident.State.Text()), ("$severity", incident.Severity), ("$group", incident.GroupKey),
        ("$opened", incident.OpenedAt.ToUnixTimeMilliseconds()), ("$ended", incident.EndedAt?.ToUnixTimeMilliseconds()),
        ("$resolved", incident.ResolvedAt?.ToUnixTimeMilliseconds()), ("$services", JsonSerializer.Serialize(incident.Services)),
        ("$revision", incident.Revision), ("$data", JsonSerializer.Serialize(incident, Json)),
    ];

    private List<Incident> Read(string tail, Action<SqliteCommand> bind)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT data, revision FROM incidents " + tail;
        bind(command);
        using var reader = command.ExecuteReader();
        var result = new List<Incident>();
        while (reader.Read())
        {
            var incident = JsonSerializer.Deserialize<Incident>(reader.GetString(0), Json) ?? throw new InvalidDataException($"{FileName}: an empty incident record");
            result.Add(incident with { Revision = reader.GetInt32(1) });
        }
        return result;
    }

    private int Execute(SqliteTransaction transaction, string sql, IEnumerable<(string Name, object? Value)> parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command.ExecuteNonQuery();
    }

    private object? Scalar(SqliteTransaction transaction, string sql, (string Name, object Value) parameter)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        return command.ExecuteScalar();
    }
}
