using System.Text.Json;
using HmsOps.Core.Storage;
using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Audit;

/// <summary>
/// The audit log in <c>audit.db</c> under the data path: append-only and hash-chained (<see cref="AuditHash"/>).
/// This class has no update or delete; triggers in the file refuse them from anyone else, and <see cref="Verify"/>
/// catches what a hostile writer does after dropping the triggers. It is kept, not bounded: an entry is about
/// 300–600 bytes (two 64-character hashes plus a small JSON detail), so 1,000 changes a day grow it by a few MB a year.
/// Several processes may append to one file: each append reads the head and writes the next entry in one write transaction.
/// </summary>
public sealed partial class SqliteAuditLog : IAuditLog, IDisposable
{
    public const string FileName = "audit.db";

    private static readonly string[] Steps =
    [
        // 1: the chain, and triggers that make the file append-only for every client, not only for this class.
        """
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at_ms INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """,
        // 2: the page and the exports select by time.
        "CREATE INDEX audit_at ON audit (at_ms)",
    ];

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;

    /// <exception cref="StoreOpenException">The file cannot be created, opened or migrated; the message names it.</exception>
    public SqliteAuditLog(string databasePath, TimeProvider time)
    {
        _time = time;
        _connection = SqliteMigrations.OpenMigrated(databasePath, FileName, Steps, "the audit log");
    }

    /// <exception cref="ArgumentException">The detail is not a JSON object (exports embed it as one).</exception>
    public AuditEntry Append(AuditDraft draft)
    {
        RequireObject(draft.DetailJson);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            var (lastSeq, lastHash) = Head(transaction);
            var seq = lastSeq + 1;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
            var hash = AuditHash.Compute(lastHash, seq, at.ToUnixTimeMilliseconds(), draft.Actor, draft.Action, draft.Target, draft.DetailJson);
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO audit (seq, at_ms, actor, action, target, detail, prev_hash, hash) " +
                "VALUES ($seq, $at, $actor, $action, $target, $detail, $prev, $hash)";
            insert.Parameters.AddWithValue("$seq", seq);
            insert.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$actor", draft.Actor);
            insert.Parameters.AddWithValue("$action", draft.Action);
            insert.Parameters.AddWithValue("$target", draft.Target);
            insert.Parameters.AddWithValue("$detail", draft.DetailJson);
            insert.Parameters.AddWithValue("$prev", lastHash);
            insert.Parameters.AddWithValue("$hash", hash);
            insert.ExecuteNonQuery();
            transaction.Commit();
            return new AuditEntry(seq, at, draft.Actor, draft.Action, draft.Target, draft.DetailJson, lastHash, hash);
        }
    }

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return Head(null).Seq;
            }
        }
    }

    /// <summary>Entries with seq above <paramref name="afterSeq"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<AuditEntry> Read(long afterSeq, int limit)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM audit WHERE seq > $after ORDER BY seq LIMIT $limit";
            command.Parameters.AddWithValue("$after", afterSeq);
            command.Parameters.AddWithValue("$limit", limit);
            return ReadEntries(command);
        }
    }

    /// <summary>Every entry, oldest first, read a page at a time (for exports and verification).</summary>
    public IEnumerable<AuditEntry> ReadAll(int pageSize = 1_000) => Oldest(AuditFilter.None, int.MaxValue, pageSize);

    /// <summary>
    /// Walks the chain from the first entry and names the first that does not check out: a changed field (its hash no
    /// longer matches), a deleted or inserted entry (a gap in seq, or a prev_hash that is not the previous entry's hash),
    /// reordered entries (the same). Deleting the newest entries leaves a shorter chain that is still consistent; pass the
    /// count and head hash from an earlier verification or export (<paramref name="expectedAtLeast"/>) to catch that too.
    /// </summary>
    public AuditVerification Verify(AuditVerification? expectedAtLeast = null)
    {
        var previousHash = AuditHash.Genesis;
        long expectedSeq = 1;
        long count = 0;
        string? hashAtAnchor = null;
        foreach (var entry in ReadAll())
        {
            if (entry.Seq != expectedSeq)
            {
                var problem = entry.Seq > expectedSeq
                    ? $"entry {expectedSeq} is missing (the next one is {entry.Seq}): deleted"
                    : $"entry {entry.Seq} appears where {expectedSeq} should be";
                return AuditVerification.Broken(count, expectedSeq, problem, previousHash);
            }
            if (!string.Equals(entry.PrevHash, previousHash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(count, entry.Seq,
                    $"entry {entry.Seq} does not follow entry {entry.Seq - 1}: an entry was deleted, inserted or reordered here", previousHash);
            }
            if (!string.Equals(AuditHash.Compute(entry), entry.Hash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(count, entry.Seq, $"entry {entry.Seq} was edited: its hash does not match its content", previousHash);
            }
            previousHash = entry.Hash;
            count++;
            expectedSeq++;
            if (expectedAtLeast is not null && entry.Seq == expectedAtLeast.Entries)
            {
                hashAtAnchor = entry.Hash;
            }
        }
        if (expectedAtLeast is { Entries: > 0 } anchor)
        {
            if (count < anchor.Entries)
            {
                return AuditVerification.Broken(count, count + 1, $"the log ends at entry {count} but held {anchor.Entries}: newest entries were deleted", previousHash);
            }
            if (!string.Equals(hashAtAnchor, anchor.HeadHash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(count, anchor.Entries, $"entry {anchor.Entries} is not the one recorded earlier: the log was rewritten", previousHash);
            }
        }
        return AuditVerification.Ok(count, previousHash);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private (long Seq, string Hash) Head(SqliteTransaction? transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditHash.Genesis);
    }

    private static void RequireObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return;
            }
        }
        catch (JsonException)
        {
        }
        throw new ArgumentException("the audit detail must be a JSON object", nameof(json));
    }
}
