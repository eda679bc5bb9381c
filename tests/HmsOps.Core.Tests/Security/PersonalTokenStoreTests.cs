using HmsOps.Core.Security;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Security;

public sealed class PersonalTokenStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hmsops-tokens-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));

    private string File => Path.Combine(_folder, PersonalTokenStore.FileName);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Only_the_hash_is_stored_and_the_secret_finds_its_owner_until_it_expires()
    {
        string secret;
        using (var store = new PersonalTokenStore(File, 5, _time))
        {
            var created = store.Create("ada", "laptop", [Role.Viewer, Role.OnCall], _time.GetUtcNow().AddDays(1));
            secret = created.Secret;
            Assert.StartsWith(PersonalTokenStore.Prefix, secret, StringComparison.Ordinal);
            Assert.True(secret.Length >= PersonalTokenStore.Prefix.Length + 43, "256 random bits, base64url");
        }
        var bytes = System.IO.File.ReadAllBytes(File).Concat(ReadIfExists(File + "-wal")).ToArray();
        Assert.DoesNotContain(secret[PersonalTokenStore.Prefix.Length..], System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        using var reopened = new PersonalTokenStore(File, 5, _time);
        var token = reopened.Authenticate(secret);
        Assert.Equal(("ada", "laptop"), (token?.Owner, token?.Name));
        Assert.Equal(new HashSet<Role> { Role.Viewer, Role.OnCall }, token!.RolesAtCreation);
        Assert.Equal(_time.GetUtcNow(), reopened.List("ada").Single().LastUsedAt);
        Assert.Null(reopened.Authenticate(secret + "x"));
        Assert.Null(reopened.Authenticate("demo-ingest-key"));

        _time.Advance(TimeSpan.FromDays(1));
        Assert.Null(reopened.Authenticate(secret));
    }

    [Fact]
    public void Revoking_is_for_the_owner_only_and_the_token_stays_listed_as_revoked()
    {
        using var store = new PersonalTokenStore(File, 5, _time);
        var created = store.Create("ada", "ci", [Role.Viewer], _time.GetUtcNow().AddDays(30));

        Assert.False(store.Revoke("bob", created.Token.Id));
        Assert.NotNull(store.Authenticate(created.Secret));
        Assert.True(store.Revoke("ada", created.Token.Id));
        Assert.False(store.Revoke("ada", created.Token.Id));

        Assert.Null(store.Authenticate(created.Secret));
        Assert.NotNull(Assert.Single(store.List("ada")).RevokedAt);
    }

    [Fact]
    public void An_owner_holds_at_most_the_bound_of_active_tokens_and_revoking_frees_a_place()
    {
        using var store = new PersonalTokenStore(File, 2, _time);
        var first = store.Create("ada", "one", [Role.Viewer], _time.GetUtcNow().AddDays(1));
        store.Create("ada", "two", [Role.Viewer], _time.GetUtcNow().AddDays(1));
        store.Create("bob", "bob's", [Role.Viewer], _time.GetUtcNow().AddDays(1));

        var refused = Assert.Throws<TokenLimitException>(() => store.Create("ada", "three", [Role.Viewer], _time.GetUtcNow().AddDays(1)));
        Assert.Contains("revoke one first", refused.Message, StringComparison.Ordinal);

        store.Revoke("ada", first.Token.Id);
        store.Create("ada", "three", [Role.Viewer], _time.GetUtcNow().AddDays(1));
        Assert.Equal(3, store.List("ada").Count);
    }

    private static byte[] ReadIfExists(string path) => System.IO.File.Exists(path) ? System.IO.File.ReadAllBytes(path) : [];
}
