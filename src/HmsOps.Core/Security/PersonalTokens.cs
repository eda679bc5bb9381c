namespace HmsOps.Core.Security;

/// <summary>One personal access token as listed to its owner (the secret itself is never stored or listed).</summary>
public sealed record PersonalToken(
    string Id,
    string Owner,
    string Name,
    IReadOnlySet<Role> RolesAtCreation,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>A token just made: <see cref="Secret"/> is shown to its owner this once and never again.</summary>
public sealed record CreatedToken(PersonalToken Token, string Secret);

/// <summary>Why a token could not be made.</summary>
public sealed class TokenLimitException(string message) : Exception(message);
