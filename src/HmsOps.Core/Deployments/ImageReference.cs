using System.Security.Cryptography;
using System.Text;

namespace HmsOps.Core.Deployments;

/// <summary>Container image references: the version a service runs is its image's tag.</summary>
public static class ImageReference
{
    /// <summary>The tag of <c>registry.local/ach-svc:v1.9.0</c> is <c>v1.9.0</c>; an untagged or digest-only image reads as "latest"/the digest.</summary>
    public static string Version(string image)
    {
        var (_, tag, digest) = Split(image);
        return tag ?? digest ?? "latest";
    }

    /// <summary><c>registry.local/ach-svc:v1.9.0</c> with version <c>v1.8.2</c> is <c>registry.local/ach-svc:v1.8.2</c>.</summary>
    public static string WithVersion(string image, string version) => Split(image).Repository + ":" + version;

    /// <summary>A version a tag may hold: the rules of the OCI distribution spec for tags.</summary>
    public static bool IsValidTag(string version) =>
        version.Length is > 0 and <= 128
        && (char.IsAsciiLetterOrDigit(version[0]) || version[0] == '_')
        && version.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    /// <summary>A stable short digest of configuration entries, independent of their order.</summary>
    public static string ConfigDigest(IReadOnlyDictionary<string, string> config)
    {
        var canonical = new StringBuilder();
        foreach (var (key, value) in config.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            canonical.Append(key).Append('\0').Append(value).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..12];
    }

    private static (string Repository, string? Tag, string? Digest) Split(string image)
    {
        string? digest = null;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            image = image[..at];
        }
        // A colon after the last slash is a tag; one before it is a registry port (registry.local:5000/ach-svc).
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..], digest) : (image, null, digest);
    }
}
