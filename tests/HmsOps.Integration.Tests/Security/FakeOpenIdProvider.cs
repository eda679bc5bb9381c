using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HmsOps.Integration.Tests.Security;

/// <summary>
/// An OpenID Connect provider on 127.0.0.1 for one client: discovery, JWKS, an authorization endpoint that signs in
/// whoever the test names next (answering with the auto-submitting form a real provider sends for
/// <c>response_mode=form_post</c>), and a token endpoint that checks the code, the client secret and the PKCE verifier
/// before issuing an RS256-signed id_token with the user's groups. What it refused is kept for the test to report.
/// </summary>
public sealed class FakeOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "hms-ops-console";
    public const string ClientSecret = "fake-client-secret";
    private const string KeyId = "fake-signing-key";

    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly ConcurrentQueue<string> _tokenRequests = new();
    private (string Name, string[] Groups) _next = ("nobody", []);

    private FakeOpenIdProvider(WebApplication app) => _app = app;

    /// <summary>The issuer and authority: <c>http://127.0.0.1:port</c>.</summary>
    public string Url => _app.Urls.First();

    public IReadOnlyList<string> Refusals => [.. _refusals];

    /// <summary>The form bodies the token endpoint received (to check what the console sent).</summary>
    public IReadOnlyList<string> TokenRequests => [.. _tokenRequests];

    public static async Task<FakeOpenIdProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeOpenIdProvider(app);
        app.MapGet("/.well-known/openid-configuration", provider.Discovery);
        app.MapGet("/jwks", provider.Keys);
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", provider.TokenAsync);
        await app.StartAsync();
        return provider;
    }

    /// <summary>The person the next authorization request signs in, with the group names the provider gives them.</summary>
    public void SignInNext(string name, params string[] groups) => _next = (name, groups);

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Url,
        ["authorization_endpoint"] = Url + "/authorize",
        ["token_endpoint"] = Url + "/token",
        ["jwks_uri"] = Url + "/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "form_post", "query" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        ["scopes_supported"] = new[] { "openid", "profile" },
    });

    private IResult Keys()
    {
        var p = _key.ExportParameters(includePrivateParameters: false);
        return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64Url(p.Modulus!), e = Base64Url(p.Exponent!) } } });
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        string? Refuse(string why)
        {
            _refusals.Enqueue("authorize: " + why);
            return why;
        }
        var problem = q["client_id"] != ClientId ? Refuse($"client_id {q["client_id"]}")
            : q["response_type"] != "code" ? Refuse($"response_type {q["response_type"]}")
            : !($"{q["scope"]}".Split(' ').Contains("openid")) ? Refuse($"scope {q["scope"]}")
            : q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]) ? Refuse("no S256 PKCE challenge")
            : string.IsNullOrEmpty(q["redirect_uri"]) || string.IsNullOrEmpty(q["state"]) || string.IsNullOrEmpty(q["nonce"]) ? Refuse("redirect_uri, state or nonce missing")
            : null;
        if (problem is not null)
        {
            return Results.BadRequest(problem);
        }
        var code = Base64Url(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new Grant(_next.Name, _next.Groups, q["redirect_uri"]!, q["nonce"]!, q["code_challenge"]!);
        var redirect = q["redirect_uri"].ToString();
        var state = q["state"].ToString();
        if (q["response_mode"] == "form_post")
        {
            var html = $"""
                <html><body onload="document.forms[0].submit()">
                <form method="post" action="{WebUtility.HtmlEncode(redirect)}">
                <input type="hidden" name="code" value="{WebUtility.HtmlEncode(code)}" />
                <input type="hidden" name="state" value="{WebUtility.HtmlEncode(state)}" />
                </form></body></html>
                """;
            return Results.Content(html, "text/html");
        }
        return Results.Redirect($"{redirect}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        _tokenRequests.Enqueue(string.Join('&', form.Select(f => $"{f.Key}={f.Value}")));
        var (clientId, secret) = ClientCredentials(request, form);
        IResult Refuse(string error, string why)
        {
            _refusals.Enqueue("token: " + why);
            return Results.Json(new { error, error_description = why }, statusCode: 400);
        }
        if (form["grant_type"] != "authorization_code")
        {
            return Refuse("unsupported_grant_type", $"grant_type {form["grant_type"]}");
        }
        if (clientId != ClientId || secret != ClientSecret)
        {
            return Refuse("invalid_client", $"client {clientId} with a wrong or missing secret");
        }
        if (!_codes.TryRemove(form["code"].ToString(), out var grant))
        {
            return Refuse("invalid_grant", "unknown or reused code");
        }
        if (form["redirect_uri"] != grant.RedirectUri)
        {
            return Refuse("invalid_grant", $"redirect_uri {form["redirect_uri"]} is not {grant.RedirectUri}");
        }
        var verifier = form["code_verifier"].ToString();
        if (Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.CodeChallenge)
        {
            return Refuse("invalid_grant", "the PKCE verifier does not match the challenge");
        }
        var accessToken = Base64Url(RandomNumberGenerator.GetBytes(24));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var idToken = Sign(new Dictionary<string, object>
        {
            ["iss"] = Url,
            ["sub"] = "sub-" + grant.Name,
            ["aud"] = ClientId,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 300,
            ["nonce"] = grant.Nonce,
            ["preferred_username"] = grant.Name,
            ["name"] = grant.Name,
            ["groups"] = grant.Groups,
            // The left half of the access token's SHA-256, as OpenID Connect Core 3.1.3.6 defines at_hash for RS256.
            ["at_hash"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]),
        });
        return Results.Json(new { access_token = accessToken, token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    private string Sign(Dictionary<string, object> claims)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", kid = KeyId, typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    /// <summary>client_secret_basic (Authorization header) or client_secret_post (form fields), whichever the client used.</summary>
    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : null);
        }
        return (form["client_id"], form["client_secret"]);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }

    private sealed record Grant(string Name, string[] Groups, string RedirectUri, string Nonce, string CodeChallenge);
}
