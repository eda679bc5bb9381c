using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HmsOps.Core.Storage;
using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Security;

/// <summary>
/// Personal access tokens in <c>auth.db</c> under the data path. A token is <c>hmsops_pat_</c> + 32 random bytes
/// (base64url); only its SHA-256 is stored. A slow password hash is not needed here: 256 random bits cannot be guessed
/// from the hash, and a fast hash lets every API call find its token by an index lookup. Tokens are never deleted,
/// only revoked, so the owner's list and the audit log keep matching; at most <c>maxPerUser</c> are active per owner.
/// </summary>
public sealed class PersonalTokenStore : IDisposable
{
    public const string FileName = "auth.db";
    public const string Prefix = "hmsops_pat_";

    // Last use is a hint for the owner, not an audit record: written at most once a minute per token.
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    private static readonly string[] Steps =
    [
        """
        CREATE TABLE tokens (
            id TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            name TEXT NOT NULL,
            roles TEXT NOT NULL,
            hash BLOB NOT NULL UNIQUE,
            created_ms INTEGER NOT NULL,
            expires_ms INTEGER NOT NULL,
            last_used_ms INTEGER,
            revoked_ms INTEGER
        );
        CREATE INDEX tokens_owner ON tokens (owner);
        """,
    ];

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly int _maxPerUser;

    /// <exception cref="StoreOpenException">The file cannot be created, opened or migrated.</exception>
    public PersonalTokenStore(string databasePath, int maxPerUser, TimeProvider time)
    {
        _time = time;
        _maxPerUser = maxPerUser;
        _connection = SqliteMigrations.OpenMigrated(databasePath, FileName, Steps, "personal tokens");
    }

    public static bool LooksLikeToken(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <exception cref="TokenLimitException">The owner already holds the maximum number of active tokens.</exception>
    public CreatedToken Create(string owner, string name, IEnumerable<Role> roles, DateTimeOffset expiresAt)
    {
        var now = Truncate(_time.GetUtcNow());
        var secret = Prefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var roleSet = roles.ToHashSet();
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            using var count = _connection.CreateCommand();
            count.Transaction = transaction;
            count.CommandText = "SELECT COUNT(*) FROM tokens WHERE owner = $owner AND revoked_ms IS NULL AND expires_ms > $now";
            count.Parameters.AddWithValue("$owner", owner);
            count.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            if (Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture) >= _maxPerUser)
            {
                throw new TokenLimitException($"{owner} already holds {_maxPerUser} active tokens (Auth:Tokens:MaxPerUser); revoke one first");
            }
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO tokens (id, owner, name, roles, hash, created_ms, expires_ms) " +
                "VALUES ($id, $owner, $name, $roles, $hash, $created, $expires)";
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$owner", owner);
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$roles", string.Join(',', roleSet.Select(r => r.ToString())));
            insert.Parameters.AddWithValue("$hash", Hash(secret));
            insert.Parameters.AddWithValue("$created", now.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$expires", Truncate(expiresAt).ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
            transaction.Commit();
        }
        return new CreatedToken(new PersonalToken(id, owner, name, roleSet, now, Truncate(expiresAt), null, null), secret);
    }

    /// <summary>The active token this secret belongs to (recording its use), or null for unknown, revoked or expired.</summary>
    public PersonalToken? Authenticate(string secret)
    {
        if (!LooksLikeToken(secret))
        {
            return null;
        }
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var token = Read("hash = $hash", c => c.Parameters.AddWithValue("$hash", Hash(secret))).SingleOrDefault();
            if (token is null || !token.IsActive(now))
            {
                return null;
            }
            if (token.LastUsedAt is not { } last || now - last >= LastUseResolution)
            {
                using var touch = _connection.CreateCommand();
                touch.CommandText = "UPDATE tokens SET last_used_ms = $now WHERE id = $id";
                touch.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                touch.Parameters.AddWithValue("$id", token.Id);
                touch.ExecuteNonQuery();
                token = token with { LastUsedAt = Truncate(now) };
            }
            return token;
        }
    }

    /// <summary>The owner's tokens, newest first, revoked and expired ones included.</summary>
    public IReadOnlyList<PersonalToken> List(string owner)
    {
        lock (_gate)
        {
            return Read("owner = $owner ORDER BY created_ms DESC, id", c => c.Parameters.AddWithValue("$owner", owner));
        }
    }

    /// <summary>Revokes the owner's token; false when the owner has no such active token (someone else's id included).</summary>
    public bool Revoke(string owner, string id)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE tokens SET revoked_ms = $now WHERE id = $id AND owner = $owner AND revoked_ms IS NULL";
            command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$owner", owner);
            return command.ExecuteNonQuery() == 1;
        }
    }

    public void Dispose() => _connection.Dispose();

    private List<PersonalToken> Read(string where, Action<SqliteCommand> bind)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, owner, name, roles, created_ms, expires_ms, last_used_ms, revoked_ms FROM tokens WHERE " + where;
        bind(command);
        using var reader = command.ExecuteReader();
        var tokens = new List<PersonalToken>();
        while (reader.Read())
        {
            var roles = reader.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(r => Enum.TryParse<Role>(r, out var role) ? (Role?)role : null).OfType<Role>().ToHashSet();
            tokens.Add(new PersonalToken(reader.GetString(0), reader.GetString(1), reader.GetString(2), roles,
                FromMs(reader.GetInt64(4)), FromMs(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : FromMs(reader.GetInt64(6)), reader.IsDBNull(7) ? null : FromMs(reader.GetInt64(7))));
        }
        return tokens;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset Truncate(DateTimeOffset at) => FromMs(at.ToUnixTimeMilliseconds());
}
