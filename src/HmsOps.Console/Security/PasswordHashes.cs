using Microsoft.AspNetCore.Identity;

namespace HmsOps.Console.Security;

/// <summary>The one password format the console accepts: ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> v3.</summary>
public static class PasswordHashes
{
    // v3 layout: 0x01, PRF (4 bytes), iteration count (4), salt length (4), salt (>= 16), subkey (>= 32).
    private const byte V3Marker = 0x01;
    private const int MinimumV3Length = 1 + 4 + 4 + 4 + 16 + 32;

    private static readonly PasswordHasher<LocalUserOptions> Hasher = new();

    public static bool IsWellFormed(string? hash)
    {
        if (string.IsNullOrWhiteSpace(hash))
        {
            return false;
        }
        var bytes = new byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length >= MinimumV3Length && bytes[0] == V3Marker;
    }

    public static string Hash(string password) => Hasher.HashPassword(new LocalUserOptions(), password);

    public static bool Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(new LocalUserOptions(), hash, password) is PasswordVerificationResult.Success
            or PasswordVerificationResult.SuccessRehashNeeded;
}
