using HmsOps.Core.Storage;
using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Security;

/// <summary>How many failed sign-ins lock a name, for how long, and how many names are remembered at once.</summary>
public sealed record LockoutPolicy(int MaxFailures, TimeSpan Duration, int MaxTrackedNames);

/// <summary>
/// Failed sign-ins per name (case-insensitive) in <c>lockout.db</c> under the data path, so a restart neither forgets a
/// lock nor hands out a fresh set of guesses. After <see cref="LockoutPolicy.MaxFailures"/> failures in a row the name is
/// locked for <see cref="LockoutPolicy.Duration"/>, whatever password comes. Bounded: a count not added to for
/// <see cref="LockoutPolicy.Duration"/> (and not locked) is forgotten, and at most
/// <see cref="LockoutPolicy.MaxTrackedNames"/> names are kept, the one whose last failure is oldest going first.
/// Unknown names are tracked too, so a lock says nothing about whether a name exists.
/// </summary>
public sealed class LoginFailureStore : IDisposable
{
    public const string FileName = "lockout.db";

    private static readonly string[] Steps =
    [
        """
        CREATE TABLE failures (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            failures INTEGER NOT NULL,
            last_failure_ms INTEGER NOT NULL,
            locked_until_ms INTEGER
        );
        CREATE INDEX failures_last ON failures (last_failure_ms);
        """,
    ];

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly LockoutPolicy _policy;
    private readonly TimeProvider _time;

    /// <exception cref="StoreOpenException">The file cannot be created, opened or migrated; the message names it.</exception>
    public LoginFailureStore(string databasePath, LockoutPolicy policy, TimeProvider time)
    {
        _policy = policy;
        _time = time;
        _connection = SqliteMigrations.OpenMigrated(databasePath, FileName, Steps, "sign-in lockouts");
    }

    public bool IsLocked(string name)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT 1 FROM failures WHERE name = $name AND locked_until_ms > $now";
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            return command.ExecuteScalar() is not null;
        }
    }

    /// <summary>Counts a failure; true when this failure locked the name.</summary>
    public bool RecordFailure(string name)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            Forget(transaction, now);
            var (failures, lockedUntil, known) = Read(transaction, name);
            if (!known)
            {
                MakeRoom(transaction);
            }
            if (lockedUntil is { } until && until <= now)
            {
                // A lock that ran out starts a fresh count.
                failures = 0;
                lockedUntil = null;
            }
            failures++;
            var lockedNow = failures >= _policy.MaxFailures && lockedUntil is null;
            if (lockedNow)
            {
                lockedUntil = now + (long)_policy.Duration.TotalMilliseconds;
            }
            using var write = _connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = "INSERT INTO failures (name, failures, last_failure_ms, locked_until_ms) VALUES ($name, $failures, $now, $until) " +
                "ON CONFLICT (name) DO UPDATE SET failures = excluded.failures, last_failure_ms = excluded.last_failure_ms, locked_until_ms = excluded.locked_until_ms";
            write.Parameters.AddWithValue("$name", name);
            write.Parameters.AddWithValue("$failures", failures);
            write.Parameters.AddWithValue("$now", now);
            write.Parameters.AddWithValue("$until", (object?)lockedUntil ?? DBNull.Value);
            write.ExecuteNonQuery();
            transaction.Commit();
            return lockedNow;
        }
    }

    public void RecordSuccess(string name)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM failures WHERE name = $name";
            command.Parameters.AddWithValue("$name", name);
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

    private (int Failures, long? LockedUntil, bool Known) Read(SqliteTransaction transaction, string name)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT failures, locked_until_ms FROM failures WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), true) : (0, null, false);
    }

    /// <summary>Counts left alone for a lockout's duration, with no lock in force, are no longer "in a row".</summary>
    private void Forget(SqliteTransaction transaction, long now)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM failures WHERE last_failure_ms < $stale AND (locked_until_ms IS NULL OR locked_until_ms <= $now)";
        command.Parameters.AddWithValue("$stale", now - (long)_policy.Duration.TotalMilliseconds);
        command.Parameters.AddWithValue("$now", now);
        command.ExecuteNonQuery();
    }

    private void MakeRoom(SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM failures WHERE name IN (SELECT name FROM failures ORDER BY last_failure_ms LIMIT " +
            "MAX(0, (SELECT COUNT(*) FROM failures) - $keep))";
        command.Parameters.AddWithValue("$keep", _policy.MaxTrackedNames - 1);
        command.ExecuteNonQuery();
    }
}
