using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Security;

/// <summary>
/// Calls every endpoint the running console maps (read from its own endpoint list, so a new endpoint fails here until
/// it is classified) as anonymous, each role, a lead's personal token and a revoked token, and checks who gets in:
/// anonymous API calls get 401, anonymous page loads a redirect to /login, a signed-in person without the role 403.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";

    private enum Access
    {
        /// <summary>No sign-in needed (probes, the login form, static files).</summary>
        Open,

        /// <summary>Guarded by the ingest API key (or its own bearer), so sign-in changes nothing.</summary>
        Key,

        /// <summary>Open unless Auth:OpenPrometheusApi=false.</summary>
        PrometheusApi,

        /// <summary>Open unless Auth:OpenMetrics=false.</summary>
        Metrics,

        Viewer,
        OnCall,
        Engineer,
        Lead,
    }

    private static readonly Dictionary<string, Access> Endpoints = new(StringComparer.Ordinal)
    {
        ["/healthz"] = Access.Open,
        ["/readyz"] = Access.Open,
        ["/login"] = Access.Open,
        ["POST /account/login"] = Access.Open,
        ["/account/login/oidc"] = Access.Open,
        ["/{**path:file}"] = Access.Open,
        ["POST /ingest"] = Access.Key,
        ["POST /v1/logs"] = Access.Key,
        ["POST /v1/metrics"] = Access.Key,
        ["POST /v1/traces"] = Access.Key,
        ["POST /api/alertmanager/webhook"] = Access.Key,
        ["GET /api/demo/faults"] = Access.Key,
        ["POST /api/demo/faults"] = Access.Key,
        ["DELETE /api/demo/faults/{service}"] = Access.Key,
        ["/metrics"] = Access.Metrics,
        ["/federate"] = Access.PrometheusApi,
        ["/hubs/metrics"] = Access.PrometheusApi,
        ["/hubs/metrics/negotiate"] = Access.PrometheusApi,
        ["/api/v1/alerts"] = Access.PrometheusApi,
        ["/api/v1/label/{name}/values"] = Access.PrometheusApi,
        ["/api/v1/labels"] = Access.PrometheusApi,
        ["/api/v1/metadata"] = Access.PrometheusApi,
        ["/api/v1/query"] = Access.PrometheusApi,
        ["/api/v1/query_range"] = Access.PrometheusApi,
        ["/api/v1/rules"] = Access.PrometheusApi,
        ["/api/v1/series"] = Access.PrometheusApi,
        ["/_blazor"] = Access.Viewer,
        ["/_blazor/disconnect"] = Access.Viewer,
        ["/_blazor/initializers"] = Access.Viewer,
        ["/_blazor/negotiate"] = Access.Viewer,
        ["/_framework/opaque-redirect"] = Access.Viewer,
        ["POST /account/logout"] = Access.Viewer,
        ["/api/alerting/sources"] = Access.Viewer,
        ["/api/alerts"] = Access.Viewer,
        ["/api/logs"] = Access.Viewer,
        ["GET /api/tokens"] = Access.Viewer,
        ["POST /api/tokens"] = Access.Viewer,
        ["DELETE /api/tokens/{id}"] = Access.Viewer,
        ["/api/traces"] = Access.Viewer,
        ["/api/traces/{traceId}"] = Access.Viewer,
        ["/api/endpoints"] = Access.Lead,
        ["GET /api/changes"] = Access.Viewer,
        ["GET /api/changes/{id}"] = Access.Viewer,
        ["GET /api/deployments"] = Access.Viewer,
        ["GET /api/audit/verify"] = Access.Lead,
        ["POST /api/changes"] = Access.Engineer,
        ["POST /api/changes/{id}/reject"] = Access.Engineer,
        ["POST /api/changes/{id}/abort"] = Access.Engineer,
        ["POST /api/changes/{id}/promote"] = Access.Engineer,
        ["POST /api/changes/{id}/approve"] = Access.Lead,
        ["POST /api/changes/{id}/execute"] = Access.Lead,
        ["GET /api/incidents"] = Access.Viewer,
        ["GET /api/incidents/{id}"] = Access.Viewer,
        ["GET /api/incidents/{id}/postmortem.md"] = Access.Viewer,
        ["POST /api/incidents"] = Access.Engineer,
        ["POST /api/incidents/{id}/acknowledge"] = Access.OnCall,
        ["POST /api/incidents/{id}/mitigate"] = Access.OnCall,
        ["POST /api/incidents/{id}/resolve"] = Access.OnCall,
        ["POST /api/incidents/{id}/notes"] = Access.OnCall,
        ["PUT /api/incidents/{id}/postmortem"] = Access.Engineer,
    };

    private static readonly string[] Roles = [TestUsers.Viewer, TestUsers.OnCall, TestUsers.Engineer, TestUsers.Lead1];

    private static readonly Dictionary<string, Access[]> Grants = new(StringComparer.Ordinal)
    {
        [TestUsers.Viewer] = [Access.Viewer],
        [TestUsers.OnCall] = [Access.Viewer, Access.OnCall],
        [TestUsers.Engineer] = [Access.Viewer, Access.OnCall, Access.Engineer],
        [TestUsers.Lead1] = [Access.Viewer, Access.OnCall, Access.Engineer, Access.Lead],
    };

    [Fact]
    public async Task Every_endpoint_admits_exactly_the_roles_it_should()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Auth:ListEndpoints"] = "true",
        });
        await console.StartAndWaitUntilReadyAsync();
        var endpoints = await ListAsync(console);
        var unclassified = endpoints.Where(e => Classify(e) is null).Select(e => $"{string.Join('|', e.Methods)} {e.Pattern}").ToList();
        Assert.True(unclassified.Count == 0, "classify these endpoints in the matrix: " + string.Join(", ", unclassified));

        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal) { ["anonymous"] = console.CreateCookieClient() };
        foreach (var role in Roles)
        {
            clients[role] = await console.SignInAsync(role);
        }
        clients["lead2 token"] = Bearer(console, await console.CreateTokenAsync(TestUsers.Lead2));
        clients["revoked token"] = Bearer(console, await RevokedTokenAsync(console));

        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var access = Classify(endpoint)!.Value;
            var outcomes = new Dictionary<string, Outcome>(StringComparer.Ordinal);
            foreach (var (who, client) in clients)
            {
                outcomes[who] = await CallAsync(client, endpoint);
            }
            foreach (var (who, outcome) in outcomes)
            {
                var expected = Expect(access, endpoint, who, outcomes);
                if (expected is not null && expected != outcome.Kind)
                {
                    failures.Add($"{endpoint.Method} {endpoint.Path} as {who}: expected {expected}, got {outcome.Kind} ({outcome.Status})");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Metrics_and_the_Prometheus_api_can_be_closed_to_anonymous_callers()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Auth:OpenMetrics"] = "false",
            ["Auth:OpenPrometheusApi"] = "false",
        });
        await console.StartAndWaitUntilReadyAsync();
        using var anonymous = console.CreateClient(withApiKey: false, signedIn: false);
        using var viewer = await console.SignInAsync(TestUsers.Viewer);

        foreach (var path in new[] { "/metrics", "/api/v1/query?query=up", "/federate?match[]=up", "/api/v1/rules", "/hubs/metrics/negotiate?negotiateVersion=1" })
        {
            var method = path.StartsWith("/hubs", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get;
            using var refused = await anonymous.SendAsync(new HttpRequestMessage(method, path));
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{path} anonymous: {refused.StatusCode}");
            using var allowed = await viewer.SendAsync(new HttpRequestMessage(method, path));
            Assert.True(allowed.IsSuccessStatusCode, $"{path} as viewer: {allowed.StatusCode}");
        }
    }

    private enum Kind
    {
        Allowed,
        Unauthorized,
        LoginRedirect,
        Forbidden,
    }

    private sealed record Outcome(Kind Kind, int Status);

    private sealed record Endpoint(string Pattern, string[] Methods, bool Page, string Method, string Path);

    private static Kind? Expect(Access access, Endpoint endpoint, string who, IReadOnlyDictionary<string, Outcome> outcomes)
    {
        var anonymousDenied = IsMachinePath(endpoint.Path) ? Kind.Unauthorized : Kind.LoginRedirect;
        return access switch
        {
            Access.Open or Access.PrometheusApi or Access.Metrics => Kind.Allowed,
            // Sign-in changes nothing: everyone gets what anonymous gets, and nobody is sent to the login page.
            Access.Key => outcomes["anonymous"].Kind == Kind.LoginRedirect ? Kind.Allowed : outcomes["anonymous"].Kind,
            _ when who == "anonymous" => anonymousDenied,
            // An invalid bearer token is refused as such (401), page or API.
            _ when who == "revoked token" => Kind.Unauthorized,
            // A token cannot mint tokens (a leak must not outlive its expiry).
            _ when who == "lead2 token" && endpoint.Method == "POST" && endpoint.Pattern == "/api/tokens/" => Kind.Forbidden,
            _ when who == "lead2 token" => Kind.Allowed,
            _ => Grants[who].Contains(access) ? Kind.Allowed : Kind.Forbidden,
        };
    }

    private static Access? Classify(Endpoint endpoint)
    {
        var pattern = endpoint.Pattern.Length > 1 ? endpoint.Pattern.TrimEnd('/') : endpoint.Pattern;
        if (Endpoints.TryGetValue($"{endpoint.Method} {pattern}", out var byMethod) || Endpoints.TryGetValue(pattern, out byMethod))
        {
            return byMethod;
        }
        // Pages need sign-in unless listed above; a page that should be open must say so here.
        return endpoint.Page ? Access.Viewer : null;
    }

    private static bool IsMachinePath(string path) =>
        new[] { "/api", "/hubs", "/federate", "/metrics", "/v1", "/ingest" }.Any(p => path == p || path.StartsWith(p + "/", StringComparison.Ordinal) || path.StartsWith(p + "?", StringComparison.Ordinal));

    private static async Task<Outcome> CallAsync(HttpClient client, Endpoint endpoint)
    {
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path);
        if (endpoint.Method is "POST" or "PUT")
        {
            // The account forms are posted as forms, so their antiforgery check applies (and nobody is signed out by it).
            request.Content = endpoint.Path.StartsWith("/account/", StringComparison.Ordinal)
                ? new FormUrlEncodedContent([])
                : new StringContent("{}", Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var kind = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => Kind.Unauthorized,
            HttpStatusCode.Forbidden => Kind.Forbidden,
            HttpStatusCode.Redirect or HttpStatusCode.Found when response.Headers.Location?.OriginalString.Contains("/login", StringComparison.Ordinal) == true
                => Kind.LoginRedirect,
            _ => Kind.Allowed,
        };
        return new Outcome(kind, status);
    }

    private static async Task<List<Endpoint>> ListAsync(ConsoleProcess console)
    {
        using var lead = await console.SignInAsync(TestUsers.Lead1);
        using var body = JsonDocument.Parse(await lead.GetStringAsync("/api/endpoints"));
        var endpoints = new List<Endpoint>();
        foreach (var e in body.RootElement.GetProperty("endpoints").EnumerateArray())
        {
            var pattern = e.GetProperty("pattern").GetString()!;
            var methods = e.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray();
            var page = e.GetProperty("page").GetBoolean();
            // A page answers GET (its form POSTs are checked by antiforgery); other endpoints are called with each method.
            var calls = page ? ["GET"] : methods.Length == 0 ? ["POST"] : methods.Where(m => m != "HEAD").ToArray();
            endpoints.AddRange(calls.Select(m => new Endpoint(pattern, methods, page, m, PathFor(pattern))));
        }
        return endpoints;
    }

    private static string PathFor(string pattern)
    {
        var path = pattern
            .Replace("{**path:file}", "favicon.svg", StringComparison.Ordinal)
            .Replace("{traceId}", TraceId, StringComparison.Ordinal)
            .Replace("{TraceIdText}", TraceId, StringComparison.Ordinal)
            .Replace("{service}", "ach-svc", StringComparison.Ordinal);
        path = System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", "x");
        path = path.Length > 1 ? path.TrimEnd('/') : path;
        return path switch
        {
            "/api/v1/query" or "/api/v1/query_range" => path + "?query=up",
            "/federate" => path + "?match[]=up",
            "/hubs/metrics/negotiate" or "/_blazor/negotiate" => path + "?negotiateVersion=1",
            _ => path,
        };
    }

    private static HttpClient Bearer(ConsoleProcess console, string token)
    {
        var client = console.CreateCookieClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> RevokedTokenAsync(ConsoleProcess console)
    {
        using var viewer = await console.SignInAsync(TestUsers.Viewer);
        using var created = await viewer.PostAsJsonAsync("/api/tokens", new { name = "to revoke", expiresInDays = 1 });
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("token").GetString()!;
        using var revoked = await viewer.DeleteAsync("/api/tokens/" + body.RootElement.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        return token;
    }
}
