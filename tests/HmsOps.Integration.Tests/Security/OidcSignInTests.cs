using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Security;

/// <summary>
/// Sign-in through an OpenID Connect provider (a fake one on loopback): the redirect to the provider, the callback with
/// the code, the role claim mapped to console roles, and an approval by a lead who signed in that way.
/// </summary>
public sealed partial class OidcSignInTests
{
    [Fact]
    public async Task A_provider_signed_in_lead_approves_a_change_and_a_provider_viewer_gets_only_viewer_rights()
    {
        await using var provider = await FakeOpenIdProvider.StartAsync();
        await using var console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Demo:RolloutDuration"] = "00:00:01",
            ["Auth:Oidc:Authority"] = provider.Url,
            ["Auth:Oidc:ClientId"] = FakeOpenIdProvider.ClientId,
            ["Auth:Oidc:ClientSecret"] = FakeOpenIdProvider.ClientSecret,
            ["Auth:Oidc:RoleClaim"] = "groups",
            ["Auth:Oidc:RoleMap:payments-readers"] = "viewer",
            ["Auth:Oidc:RoleMap:payments-engineers"] = "engineer",
            ["Auth:Oidc:RoleMap:payments-leads"] = "lead",
        });
        await console.StartAndWaitUntilReadyAsync();

        provider.SignInNext("dana", "payments-readers", "payments-engineers", "payments-leads", "all-staff");
        using var dana = await SignInThroughProviderAsync(console, provider, "/deployments");

        // The roles come from the mapped groups: dana may read the leads-only audit API; "all-staff" maps to nothing.
        using (var audit = await dana.GetAsync("/api/audit?action=sign-in&actor=dana"))
        {
            Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
            using var entries = JsonDocument.Parse(await audit.Content.ReadAsStringAsync());
            var signIn = Assert.Single(entries.RootElement.GetProperty("entries").EnumerateArray());
            Assert.Equal("oidc", signIn.GetProperty("detail").GetProperty("reason").GetString());
        }

        // A local engineer asks for a rollback; dana, a lead through the provider, approves it and it executes.
        using var engineer = console.CreateClient(withApiKey: false, signedIn: false);
        engineer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await console.CreateTokenAsync(TestUsers.Engineer));
        using var requested = await engineer.PostAsJsonAsync("/api/changes", new { service = "ach-svc", kind = "rollback", targetVersion = "v1.8.2", reason = "p95 over 2 s" });
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var id = JsonDocument.Parse(await requested.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        using var approved = await dana.PostJsonAsync($"/api/changes/{id}/approve", "{}");
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        await Poll.UntilAsync(() => dana.GetStringAsync($"/api/changes/{id}"),
            body => body.Contains("\"state\":\"succeeded\"", StringComparison.Ordinal), $"{id} to succeed");
        using (var change = JsonDocument.Parse(await dana.GetStringAsync($"/api/changes/{id}")))
        {
            Assert.Equal("dana", change.RootElement.GetProperty("approvedBy").GetString());
        }

        // A provider user in the readers group only: may look, may not approve or read the audit log.
        provider.SignInNext("val", "payments-readers");
        using var val = await SignInThroughProviderAsync(console, provider, "/");
        using (var changes = await val.GetAsync("/api/changes"))
        {
            Assert.Equal(HttpStatusCode.OK, changes.StatusCode);
        }
        using (var audit = await val.GetAsync("/api/audit"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
        }
        using (var approve = await val.PostJsonAsync($"/api/changes/{id}/approve", "{}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        }
        Assert.Empty(provider.Refusals);
    }

    /// <summary>
    /// What a browser does: start at the console's OIDC link, follow the redirect to the provider, submit the provider's
    /// form back to the console's callback, land on the return address signed in.
    /// </summary>
    private static async Task<Browser> SignInThroughProviderAsync(ConsoleProcess console, FakeOpenIdProvider provider, string returnUrl)
    {
        var browser = new Browser(console.BaseUrl);
        using var start = await browser.SendAsync(HttpMethod.Get, $"/account/login/oidc?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(provider.Url + "/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(FakeOpenIdProvider.ClientId, query["client_id"]);
        Assert.Equal(console.BaseUrl + "/signin-oidc", query["redirect_uri"]);

        using var outside = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await outside.GetStringAsync(authorize);
        Assert.True(FormAction().Match(page) is { Success: true }, "the provider did not answer with its sign-in form: " + string.Join("; ", provider.Refusals) + page);
        var fields = HiddenField().Matches(page).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        var action = WebUtility.HtmlDecode(FormAction().Match(page).Groups[1].Value);

        using var callback = await browser.SendAsync(HttpMethod.Post, new Uri(action).PathAndQuery, new FormUrlEncodedContent(fields));
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect,
            $"the callback answered {(int)callback.StatusCode}; provider refusals: {string.Join("; ", provider.Refusals)}; {await callback.Content.ReadAsStringAsync()}");
        Assert.Equal(returnUrl, callback.Headers.Location?.OriginalString);
        Assert.Contains(provider.TokenRequests, r => r.Contains("grant_type=authorization_code", StringComparison.Ordinal) && r.Contains("code_verifier=", StringComparison.Ordinal));
        return browser;
    }

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();

    /// <summary>
    /// A client that keeps the console's cookies itself: the sign-in handshake's correlation and nonce cookies are marked
    /// Secure by the OpenID Connect handler's defaults, which .NET's cookie container will not send over http, while a browser on a trusted
    /// loopback would. Redirects are not followed, so each step is seen.
    /// </summary>
    private sealed partial class Browser(string baseUrl) : IDisposable
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
        private readonly HttpClient _client = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };

        public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

        public async Task<string> GetStringAsync(string path)
        {
            using var response = await GetAsync(path);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync();
        }

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? antiforgery = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }
            if (antiforgery is not null)
            {
                request.Headers.Add("RequestVerificationToken", antiforgery);
            }
            var response = await _client.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var cookie in set)
                {
                    var pair = cookie.Split(';')[0].Split('=', 2);
                    if (pair[1].Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                    {
                        _cookies.Remove(pair[0]);
                    }
                    else
                    {
                        _cookies[pair[0]] = pair[1];
                    }
                }
            }
            return response;
        }

        /// <summary>
        /// A cookie-authenticated API POST carries the antiforgery token, as the console's own pages do: taken from a page
        /// (every page has the sign-out form), so it is bound to this person's sign-in.
        /// </summary>
        public async Task<HttpResponseMessage> PostJsonAsync(string path, string json)
        {
            var page = await GetStringAsync("/deployments");
            var token = AntiforgeryField().Match(page) is { Success: true } match
                ? WebUtility.HtmlDecode(match.Groups[1].Value)
                : throw new InvalidOperationException("the page carries no antiforgery token");
            return await SendAsync(HttpMethod.Post, path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), token);
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
        private static partial Regex AntiforgeryField();

        public void Dispose() => _client.Dispose();
    }
}
