using System.Security.Cryptography;
using System.Text;
using HmsOps.Core.Audit;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Audit;

public sealed class AuditLogTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly SqliteAuditLog _log;

    public AuditLogTests() => _log = new SqliteAuditLog(Path, _time);

    private string Path => _folder.Combine(SqliteAuditLog.FileName);

    public void Dispose()
    {
        _log.Dispose();
        _folder.Dispose();
    }

    private void AppendFive()
    {
        _log.Append(new AuditDraft("lead1", AuditActions.SignIn, "user/lead1"));
        _log.Append(new AuditDraft("engineer", AuditActions.ChangeRequested, "change/chg-1", """{"service":"ach-svc","reason":"p95 doubled"}"""));
        _log.Append(new AuditDraft("lead1", AuditActions.ChangeApproved, "change/chg-1"));
        _log.Append(new AuditDraft("system", AuditActions.ChangeExecuted, "change/chg-1", """{"result":"v1.8.2"}"""));
        _log.Append(new AuditDraft("mallory", AuditActions.SignInFailed, "user/mallory", """{"remote":"10.0.0.9"}"""));
    }

    /// <summary>A hostile writer with sqlite3: the triggers go first, then the SQL.</summary>
    private void Tamper(string sql)
    {
        using var raw = new SqliteConnection($"Data Source={Path};Pooling=false");
        raw.Open();
        using var command = raw.CreateCommand();
        command.CommandText = "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; " + sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void Entries_chain_each_to_the_one_before()
    {
        AppendFive();

        var entries = _log.ReadAll().ToList();
        var verification = _log.Verify();

        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Seq));
        Assert.Equal(AuditHash.Genesis, entries[0].PrevHash);
        Assert.All(entries.Skip(1).Zip(entries), pair => Assert.Equal(pair.Second.Hash, pair.First.PrevHash));
        Assert.True(verification.Intact);
        Assert.Equal(5, verification.Entries);
        Assert.Equal(entries[^1].Hash, verification.HeadHash);
    }

    [Fact]
    public void The_hash_is_sha256_over_the_previous_hash_and_length_prefixed_fields()
    {
        var entry = _log.Append(new AuditDraft("lead1", AuditActions.SignIn, "user/lead1", """{"via":"password"}"""));

        // Written out independently of AuditHash, so the documented format is what is pinned.
        var bytes = new List<byte>(Encoding.ASCII.GetBytes(new string('0', 64)));
        foreach (var field in new[] { "1", entry.At.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "lead1", "sign-in", "user/lead1", """{"via":"password"}""" })
        {
            var utf8 = Encoding.UTF8.GetBytes(field);
            bytes.AddRange([(byte)(utf8.Length >> 24), (byte)(utf8.Length >> 16), (byte)(utf8.Length >> 8), (byte)utf8.Length]);
            bytes.AddRange(utf8);
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray())), entry.Hash);
    }

    [Fact]
    public void Update_and_delete_are_refused_by_the_file_itself()
    {
        AppendFive();
        using var raw = new SqliteConnection($"Data Source={Path};Pooling=false");
        raw.Open();
        using var update = raw.CreateCommand();
        update.CommandText = "UPDATE audit SET actor = 'someone-else' WHERE seq = 2";
        using var delete = raw.CreateCommand();
        delete.CommandText = "DELETE FROM audit WHERE seq = 5";

        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => update.ExecuteNonQuery()).Message);
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => delete.ExecuteNonQuery()).Message);
        Assert.True(_log.Verify().Intact);
    }

    [Fact]
    public void An_edited_entry_is_named()
    {
        AppendFive();
        Tamper("UPDATE audit SET actor = 'lead2' WHERE seq = 3");

        var verification = _log.Verify();

        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBadSeq);
        Assert.Contains("edited", verification.Problem);
    }

    [Fact]
    public void A_deleted_entry_is_named()
    {
        AppendFive();
        Tamper("DELETE FROM audit WHERE seq = 2");

        var verification = _log.Verify();

        Assert.Equal(2, verification.FirstBadSeq);
        Assert.Contains("missing", verification.Problem);
    }

    [Fact]
    public void Reordered_entries_are_caught_where_the_order_breaks()
    {
        AppendFive();
        // Swap the content of entries 2 and 3, hashes included, keeping the seq numbers in place.
        Tamper("""
            CREATE TEMP TABLE swap AS SELECT * FROM audit WHERE seq IN (2, 3);
            UPDATE audit SET at_ms = s.at_ms, actor = s.actor, action = s.action, target = s.target, detail = s.detail, prev_hash = s.prev_hash, hash = s.hash
              FROM swap s WHERE audit.seq = 2 AND s.seq = 3;
            UPDATE audit SET at_ms = s.at_ms, actor = s.actor, action = s.action, target = s.target, detail = s.detail, prev_hash = s.prev_hash, hash = s.hash
              FROM swap s WHERE audit.seq = 3 AND s.seq = 2;
            """);

        var verification = _log.Verify();

        Assert.False(verification.Intact);
        Assert.Equal(2, verification.FirstBadSeq);
    }

    [Fact]
    public void An_inserted_entry_is_caught_even_with_a_well_formed_hash()
    {
        AppendFive();
        var second = _log.Read(1, 1)[0];
        var forgedHash = AuditHash.Compute(second.Hash, 3, second.At.ToUnixTimeMilliseconds(), "lead2", AuditActions.ChangeApproved, "change/chg-1", "{}");
        Tamper($"""
            UPDATE audit SET seq = seq + 100 WHERE seq >= 3;
            UPDATE audit SET seq = seq - 99 WHERE seq >= 103;
            INSERT INTO audit VALUES (3, {second.At.ToUnixTimeMilliseconds()}, 'lead2', 'change-approved', 'change/chg-1', '{"{}"}', '{second.Hash}', '{forgedHash}');
            """);

        var verification = _log.Verify();

        Assert.Equal(6, _log.Count);
        Assert.Equal(4, verification.FirstBadSeq);
    }

    [Fact]
    public void Deleting_the_newest_entries_is_caught_against_an_earlier_verification()
    {
        AppendFive();
        var earlier = _log.Verify();
        Tamper("DELETE FROM audit WHERE seq >= 4");

        Assert.True(_log.Verify().Intact);
        var against = _log.Verify(earlier);

        Assert.False(against.Intact);
        Assert.Contains("newest entries were deleted", against.Problem);
    }

    [Fact]
    public void Two_writers_on_one_file_keep_one_chain()
    {
        using var other = new SqliteAuditLog(Path, _time);

        Parallel.For(0, 100, i => (i % 2 == 0 ? _log : other).Append(new AuditDraft($"user{i}", AuditActions.SignIn, $"user/{i}")));

        Assert.Equal(100, _log.Count);
        Assert.True(_log.Verify().Intact);
    }

    [Fact]
    public void A_detail_that_is_not_a_json_object_is_refused()
    {
        Assert.Throws<ArgumentException>(() => _log.Append(new AuditDraft("a", "b", "c", "[1,2]")));
        Assert.Throws<ArgumentException>(() => _log.Append(new AuditDraft("a", "b", "c", "not json")));
        Assert.Equal(0, _log.Count);
    }
}
