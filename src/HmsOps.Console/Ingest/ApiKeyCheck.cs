using System.Security.Cryptography;
using System.Text;
using HmsOps.Console.Hosting;
using HmsOps.Core.Ingest;

namespace HmsOps.Console.Ingest;

/// <summary>
/// The API-key check for machine endpoints, compared in constant time. The key comes in the X-Api-Key header,
/// or as <c>Authorization: Bearer &lt;key&gt;</c> for clients (OTLP exporters, proxies) that only set that one.
/// </summary>
public sealed class ApiKeyCheck(IngestOptions options)
{
    public const string Header = "X-Api-Key";

    private readonly byte[][] _keys = options.ApiKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    /// <summary>The 401 every key-guarded endpoint answers.</summary>
    public static IResult Problem() =>
        Problems.Create(StatusCodes.Status401Unauthorized, "Missing or wrong API key",
            $"send a key listed in Ingest:ApiKeys in the {Header} header (or as Authorization: Bearer <key>)",
            [Problems.FieldError(null, Header, "missing or not a known key")]);

    public bool IsAuthorized(HttpRequest request)
    {
        var presented = request.Headers[Header].ToString();
        if (presented.Length == 0
            && request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }
        if (presented.Length == 0)
        {
            return false;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var key in _keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, key);
        }
        return match;
    }
}
