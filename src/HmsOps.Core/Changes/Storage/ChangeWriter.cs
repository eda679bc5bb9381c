using System.Globalization;
using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Changes.Storage;

/// <summary>
/// The operations allowed inside one write transaction of <see cref="SqliteChangeStore.Write{T}"/>. It collects the
/// transitions it wrote, so the caller can audit and notify after the commit.
/// </summary>
public sealed class ChangeWriter
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly int _maxHistory;
    private readonly List<StoredTransition> _written = [];

    internal ChangeWriter(SqliteConnection connection, SqliteTransaction transaction, int maxHistory)
    {
        _connection = connection;
        _transaction = transaction;
        _maxHistory = maxHistory;
    }

    public IReadOnlyList<StoredTransition> Written => _written;

    public ChangeRecord? Get(string id) => ReadOne(_connection, _transaction, "SELECT data, revision FROM changes WHERE id = $p", id);

    public ChangeRecord? InFlightFor(string service) =>
        ReadOne(_connection, _transaction, $"SELECT data, revision FROM changes WHERE service = $p AND state IN {ChangeStates.InFlightSql}", service);

    public ChangeRecord? ByRequestKey(string requestedBy, string key)
    {
        using var command = Command("SELECT data, revision FROM changes WHERE requested_by = $by AND request_key = $key");
        command.Parameters.AddWithValue("$by", requestedBy);
        command.Parameters.AddWithValue("$key", key);
        return ReadAll(command).FirstOrDefault();
    }

    /// <summary>Inserts a new change; false when the database refuses it because the service already has one in flight.</summary>
    public bool TryInsert(NewChange created, string? requestKey)
    {
        var change = (created.Change ?? throw new ArgumentException("a refused request has no change to insert", nameof(created))) with { Revision = 1 };
        using var command = Command(
            "INSERT INTO changes (id, service, state, revision, requested_by, requested_at_ms, expires_at_ms, request_key, data) " +
            "VALUES ($id, $service, $state, 1, $by, $at, $expires, $key, $data)");
        command.Parameters.AddWithValue("$id", change.Id);
        command.Parameters.AddWithValue("$service", change.Service);
        command.Parameters.AddWithValue("$state", change.State.Text());
        command.Parameters.AddWithValue("$by", change.RequestedBy);
        command.Parameters.AddWithValue("$at", change.RequestedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$expires", change.ExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$key", (object?)requestKey ?? DBNull.Value);
        command.Parameters.AddWithValue("$data", ChangeJson.Write(change));
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19 /* SQLITE_CONSTRAINT */)
        {
            return false;
        }
        AddTransitions(created.Transitions);
        Prune();
        return true;
    }

    /// <summary>
    /// Saves a decision about <paramref name="before"/>: the claim. The update only lands when the row still has the
    /// revision and state it was read at; anything else means another writer got there first, which the write
    /// transaction rules out, so it throws rather than pretend.
    /// </summary>
    public ChangeRecord Save(ChangeRecord before, ChangeDecision decision)
    {
        if (ReferenceEquals(before, decision.State) && decision.Transitions.Count == 0)
        {
            return before;
        }
        var after = decision.State with { Revision = before.Revision + 1 };
        using var command = Command(
            "UPDATE changes SET state = $state, revision = $next, expires_at_ms = $expires, data = $data " +
            "WHERE id = $id AND revision = $revision AND state = $was");
        command.Parameters.AddWithValue("$state", after.State.Text());
        command.Parameters.AddWithValue("$next", after.Revision);
        command.Parameters.AddWithValue("$expires", after.ExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$data", ChangeJson.Write(after));
        command.Parameters.AddWithValue("$id", before.Id);
        command.Parameters.AddWithValue("$revision", before.Revision);
        command.Parameters.AddWithValue("$was", before.State.Text());
        if (command.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{SqliteChangeStore.FileName}: {before.Id} changed under a write transaction (revision {before.Revision})"));
        }
        AddTransitions(decision.Transitions);
        return after;
    }

    internal static ChangeRecord? ReadOne(SqliteConnection connection, SqliteTransaction? transaction, string sql, string parameter) =>
        ReadMany(connection, transaction, sql + " LIMIT $limit", parameter, 1).FirstOrDefault();

    internal static IReadOnlyList<ChangeRecord> ReadMany(SqliteConnection connection, SqliteTransaction? transaction, string sql, string? parameter, int limit)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("$p", parameter);
        }
        command.Parameters.AddWithValue("$limit", limit);
        return ReadAll(command);
    }

    private static List<ChangeRecord> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new List<ChangeRecord>();
        while (reader.Read())
        {
            // The revision column is the truth; the JSON copy may lag it by design (it is written in the same statement).
            result.Add(ChangeJson.Read(reader.GetString(0)) with { Revision = reader.GetInt32(1) });
        }
        return result;
    }

    private void AddTransitions(IReadOnlyList<ChangeTransition> transitions)
    {
        foreach (var t in transitions)
        {
            using var command = Command(
                "INSERT INTO transitions (change_id, at_ms, actor, kind, from_state, to_state, detail) " +
                "VALUES ($change, $at, $actor, $kind, $from, $to, $detail) RETURNING id");
            command.Parameters.AddWithValue("$change", t.ChangeId);
            command.Parameters.AddWithValue("$at", t.At.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$actor", t.Actor);
            command.Parameters.AddWithValue("$kind", t.Kind.ToString());
            command.Parameters.AddWithValue("$from", t.From.Text());
            command.Parameters.AddWithValue("$to", t.To.Text());
            command.Parameters.AddWithValue("$detail", t.Detail);
            var id = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            _written.Add(new StoredTransition(id, t));
        }
    }

    /// <summary>
    /// Keeps at most MaxHistory finished changes: the oldest go with their transitions, but only once those are in the
    /// audit log. In-flight changes are never pruned.
    /// </summary>
    private void Prune()
    {
        using var command = Command(
            "DELETE FROM changes WHERE id IN (" +
            $"SELECT id FROM changes WHERE state NOT IN {ChangeStates.InFlightSql} " +
            "AND NOT EXISTS (SELECT 1 FROM transitions t WHERE t.change_id = changes.id AND t.audited = 0) " +
            "ORDER BY requested_at_ms DESC, id LIMIT -1 OFFSET $max)");
        command.Parameters.AddWithValue("$max", _maxHistory);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }
}
