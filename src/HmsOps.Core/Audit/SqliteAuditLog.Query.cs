using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Audit;

/// <summary>
/// Which entries a reader wants: one person (by name, case-insensitive), one action, and a time range
/// (<see cref="From"/> inclusive, <see cref="To"/> exclusive). Null means no restriction.
/// </summary>
public sealed record AuditFilter(string? Actor = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public static readonly AuditFilter None = new();
}

public sealed partial class SqliteAuditLog
{
    /// <summary>
    /// One page for people reading the log: matching entries with seq below <paramref name="beforeSeq"/> (null: from the
    /// newest), newest first, at most <paramref name="limit"/>. The next page passes the last entry's seq, so pages do
    /// not shift when entries are appended meanwhile.
    /// </summary>
    public IReadOnlyList<AuditEntry> Newest(AuditFilter filter, long? beforeSeq, int limit)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            var where = Where(command, filter);
            command.Parameters.AddWithValue("$before", beforeSeq ?? long.MaxValue);
            command.Parameters.AddWithValue("$limit", limit);
            command.CommandText = $"SELECT {Columns} FROM audit WHERE {where} AND seq < $before ORDER BY seq DESC LIMIT $limit";
            return ReadEntries(command);
        }
    }

    /// <summary>
    /// Matching entries oldest first, at most <paramref name="limit"/>, read a page at a time (exports): the lock is
    /// held per page, not for the whole export, so appends go on while a large export streams.
    /// </summary>
    public IEnumerable<AuditEntry> Oldest(AuditFilter filter, int limit, int pageSize = 1_000)
    {
        var after = long.MinValue;
        var left = limit;
        while (left > 0)
        {
            IReadOnlyList<AuditEntry> page;
            lock (_gate)
            {
                using var command = _connection.CreateCommand();
                var where = Where(command, filter);
                command.Parameters.AddWithValue("$after", after);
                command.Parameters.AddWithValue("$limit", Math.Min(pageSize, left));
                command.CommandText = $"SELECT {Columns} FROM audit WHERE {where} AND seq > $after ORDER BY seq LIMIT $limit";
                page = ReadEntries(command);
            }
            foreach (var entry in page)
            {
                yield return entry;
            }
            if (page.Count < Math.Min(pageSize, left))
            {
                yield break;
            }
            left -= page.Count;
            after = page[^1].Seq;
        }
    }

    /// <summary>How many entries match (an export says whether its limit cut the range short).</summary>
    public long CountMatching(AuditFilter filter)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM audit WHERE {Where(command, filter)}";
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>One entry by its number, or null (the page shows the entry a broken chain names).</summary>
    public AuditEntry? Get(long seq)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM audit WHERE seq = $seq";
            command.Parameters.AddWithValue("$seq", seq);
            return ReadEntries(command).FirstOrDefault();
        }
    }

    private const string Columns = "seq, at_ms, actor, action, target, detail, prev_hash, hash";

    private static string Where(SqliteCommand command, AuditFilter filter)
    {
        var clauses = new List<string> { "1 = 1" };
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            clauses.Add("actor = $actor COLLATE NOCASE");
            command.Parameters.AddWithValue("$actor", filter.Actor.Trim());
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            clauses.Add("action = $action");
            command.Parameters.AddWithValue("$action", filter.Action.Trim());
        }
        if (filter.From is { } from)
        {
            clauses.Add("at_ms >= $from");
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        }
        if (filter.To is { } to)
        {
            clauses.Add("at_ms < $to");
            command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        }
        return string.Join(" AND ", clauses);
    }

    private static List<AuditEntry> ReadEntries(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
        }
        return entries;
    }
}
