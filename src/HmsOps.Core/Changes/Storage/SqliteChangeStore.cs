using HmsOps.Core.Storage;
using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Changes.Storage;

/// <summary>A persisted transition with its row id (the audit outbox marks rows by id).</summary>
public sealed record StoredTransition(long Id, ChangeTransition Transition);

/// <summary>
/// Change requests and their transitions in <c>changes.db</c> under the data path. Every write runs in a write
/// transaction taken up front (<c>BEGIN IMMEDIATE</c>), so two writers (threads, service instances, or processes on the
/// same file) never both read a change as "requested" and both claim it; on top of that, each update is conditional on
/// the revision and state it was read at, and the one-in-flight rule is a unique index.
/// </summary>
public sealed class SqliteChangeStore : IDisposable
{
    public const string FileName = "changes.db";

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly int _maxHistory;

    /// <exception cref="StoreOpenException">The file cannot be created, opened or migrated; the message names it.</exception>
    public SqliteChangeStore(string databasePath, int maxHistory)
    {
        _maxHistory = maxHistory;
        _connection = SqliteMigrations.OpenMigrated(databasePath, FileName, ChangesSchema.Steps, "change requests");
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction; it commits when the work returns, and rolls back when it throws.</summary>
    public T Write<T>(Func<ChangeWriter, T> work)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var writer = new ChangeWriter(_connection, transaction, _maxHistory);
            var result = work(writer);
            transaction.Commit();
            return result;
        }
    }

    public ChangeRecord? Get(string id)
    {
        lock (_gate)
        {
            return ChangeWriter.ReadOne(_connection, null, "SELECT data, revision FROM changes WHERE id = $p", id);
        }
    }

    /// <summary>Newest first; all services when <paramref name="service"/> is null.</summary>
    public IReadOnlyList<ChangeRecord> List(string? service, int limit)
    {
        lock (_gate)
        {
            return service is null
                ? ChangeWriter.ReadMany(_connection, null, "SELECT data, revision FROM changes ORDER BY requested_at_ms DESC, id LIMIT $limit", null, limit)
                : ChangeWriter.ReadMany(_connection, null,
                    "SELECT data, revision FROM changes WHERE service = $p ORDER BY requested_at_ms DESC, id LIMIT $limit", service, limit);
        }
    }

    public IReadOnlyList<ChangeRecord> InFlight()
    {
        lock (_gate)
        {
            return ChangeWriter.ReadMany(_connection, null,
                $"SELECT data, revision FROM changes WHERE state IN {ChangeStates.InFlightSql} ORDER BY requested_at_ms LIMIT $limit", null, int.MaxValue);
        }
    }

    public IReadOnlyList<StoredTransition> Transitions(string changeId)
    {
        lock (_gate)
        {
            return ReadTransitions("WHERE change_id = $p ORDER BY id", changeId);
        }
    }

    /// <summary>Transitions not yet in the audit log, oldest first.</summary>
    public IReadOnlyList<StoredTransition> Unaudited()
    {
        lock (_gate)
        {
            return ReadTransitions("WHERE audited = 0 ORDER BY id", null);
        }
    }

    public bool IsAudited(long transitionId)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT audited FROM transitions WHERE id = $id";
            command.Parameters.AddWithValue("$id", transitionId);
            // A pruned row was audited before it could be pruned.
            return command.ExecuteScalar() is not long audited || audited != 0;
        }
    }

    public void MarkAudited(long transitionId)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE transitions SET audited = 1 WHERE id = $id";
            command.Parameters.AddWithValue("$id", transitionId);
            command.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private List<StoredTransition> ReadTransitions(string where, string? parameter)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, change_id, at_ms, actor, kind, from_state, to_state, detail FROM transitions " + where;
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("$p", parameter);
        }
        using var reader = command.ExecuteReader();
        var result = new List<StoredTransition>();
        while (reader.Read())
        {
            result.Add(new StoredTransition(reader.GetInt64(0), new ChangeTransition(reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetString(3), ChangeJson.ParseKind(reader.GetString(4)),
                ChangeJson.ParseState(reader.GetString(5)), ChangeJson.ParseState(reader.GetString(6)), reader.GetString(7))));
        }
        return result;
    }
}
