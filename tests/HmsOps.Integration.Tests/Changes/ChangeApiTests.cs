using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Changes;

/// <summary>The change API on a running console with the demo fleet: request, refusals, approval by a second lead, exactly once.</summary>
public sealed class ChangeApiTests
{
    [Fact]
    public async Task An_engineer_requests_a_rollback_cannot_approve_it_and_a_lead_approves_it_once()
    {
        await using var console = await StartAsync();
        using var engineer = await BearerAsync(console, TestUsers.Engineer);
        using var lead = console.CreateClient(withApiKey: false);

        using var created = await engineer.PostAsJsonAsync("/api/changes", new { service = "ach-svc", kind = "rollback", targetVersion = "prev", reason = "latency after v1.9.0" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var change = await JsonAsync(created);
        var id = change.GetProperty("id").GetString()!;
        Assert.Equal("requested", change.GetProperty("state").GetString());
        Assert.Equal("v1.9.0", change.GetProperty("fromVersion").GetString());
        Assert.Equal("v1.8.2", change.GetProperty("targetVersion").GetString());
        Assert.Equal(TestUsers.Engineer, change.GetProperty("requestedBy").GetString());
        Assert.Equal($"/api/changes/{id}/approve", change.GetProperty("links").GetProperty("approve").GetString());

        // A second request for the same service while this one is in flight.
        using var second = await engineer.PostAsJsonAsync("/api/changes", new { service = "ach-svc", targetVersion = "v1.8.0", reason = "again" });
        var conflict = await ProblemAsync(second, HttpStatusCode.Conflict);
        Assert.Contains(id, conflict.Detail, StringComparison.Ordinal);

        // The requester holds no lead role: the endpoint policy refuses; a lead who requested it is refused by the rule.
        using var engineerApproves = await engineer.PostAsync($"/api/changes/{id}/approve", null);
        Assert.Equal(HttpStatusCode.Forbidden, engineerApproves.StatusCode);

        var key = Guid.NewGuid().ToString();
        using var approved = await PostWithKeyAsync(lead, $"/api/changes/{id}/approve", key);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(TestUsers.Lead1, (await JsonAsync(approved)).GetProperty("approvedBy").GetString());

        // The same call retried (same key): the same answer, nothing runs again.
        using var retried = await PostWithKeyAsync(lead, $"/api/changes/{id}/approve", key);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.True((await JsonAsync(retried)).GetProperty("replayed").GetBoolean());

        // Without the key it is a second approval: already decided.
        using var again = await lead.PostAsync($"/api/changes/{id}/approve", null);
        await ProblemAsync(again, HttpStatusCode.Conflict);

        var done = await Poll.UntilAsync(async () => await GetAsync(lead, $"/api/changes/{id}"),
            c => c.GetProperty("final").GetBoolean(), "the rollback to finish");
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        var fleet = await GetAsync(lead, "/api/deployments");
        var ach = fleet.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "ach-svc");
        Assert.Equal("v1.8.2", ach.GetProperty("version").GetString());

        // Exactly one execution was claimed, whatever the retries.
        Assert.Equal(1, done.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_lead_cannot_approve_their_own_request_and_refusals_name_the_reason()
    {
        await using var console = await StartAsync();
        using var lead1 = console.CreateClient(withApiKey: false);
        using var viewer = await BearerAsync(console, TestUsers.Viewer);
        using var anonymous = console.CreateClient(withApiKey: false, signedIn: false);

        using var invalid = await lead1.PostAsJsonAsync("/api/changes", new { service = "ach-svc", kind = "rollback" });
        Assert.Equal("reason", (await ProblemAsync(invalid, HttpStatusCode.BadRequest)).Errors[0].Field);
        using var badKind = await lead1.PostAsJsonAsync("/api/changes", new { service = "ach-svc", kind = "sideways", reason = "x" });
        Assert.Equal("kind", (await ProblemAsync(badKind, HttpStatusCode.BadRequest)).Errors[0].Field);
        using var unknown = await lead1.PostAsJsonAsync("/api/changes", new { service = "nope-svc", targetVersion = "v1", reason = "x" });
        await ProblemAsync(unknown, HttpStatusCode.NotFound);
        using var missing = await lead1.GetAsync("/api/changes/chg-doesnotexist");
        await ProblemAsync(missing, HttpStatusCode.NotFound);

        using var byViewer = await viewer.PostAsJsonAsync("/api/changes", new { service = "ach-svc", reason = "x" });
        await ProblemAsync(byViewer, HttpStatusCode.Forbidden);
        using var byNobody = await anonymous.PostAsJsonAsync("/api/changes", new { service = "ach-svc", reason = "x" });
        await ProblemAsync(byNobody, HttpStatusCode.Unauthorized);

        using var created = await lead1.PostAsJsonAsync("/api/changes", new { service = "ach-svc", reason = "own request" });
        var id = (await JsonAsync(created)).GetProperty("id").GetString()!;
        using var self = await lead1.PostAsync($"/api/changes/{id}/approve", null);
        var problem = await ProblemAsync(self, HttpStatusCode.Forbidden);
        Assert.Contains("self-approval", await Code(self, problem), StringComparison.Ordinal);

        // Cookie sign-in without the antiforgery header cannot change anything (CSRF).
        using var cookie = await console.SignInAsync(TestUsers.Lead2);
        using var forged = await cookie.PostAsync($"/api/changes/{id}/approve", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal("RequestVerificationToken", (await ProblemAsync(forged, HttpStatusCode.BadRequest)).Errors[0].Field);
        Assert.Equal("requested", (await GetAsync(lead1, $"/api/changes/{id}")).GetProperty("state").GetString());

        using var list = await lead1.GetAsync("/api/changes?service=ach-svc&state=requested");
        Assert.Single((await JsonAsync(list)).GetProperty("changes").EnumerateArray());
    }

    [Fact]
    public async Task An_expired_request_cannot_be_approved()
    {
        await using var console = await StartAsync(new() { ["Changes:ApprovalTtl"] = "00:00:01" });
        using var engineer = await BearerAsync(console, TestUsers.Engineer);
        using var lead = console.CreateClient(withApiKey: false);
        using var created = await engineer.PostAsJsonAsync("/api/changes", new { service = "ach-svc", reason = "slow" });
        var change = await JsonAsync(created);
        var expiresAt = change.GetProperty("expiresAt").GetDateTimeOffset();
        await Poll.UntilAsync(() => DateTimeOffset.UtcNow > expiresAt.AddMilliseconds(200), past => past, "the request to pass its expiry");

        using var late = await lead.PostAsync($"/api/changes/{change.GetProperty("id").GetString()}/approve", null);
        await ProblemAsync(late, HttpStatusCode.Gone);
    }

    [Fact]
    public async Task Two_leads_approving_at_the_same_moment_execute_the_change_once()
    {
        await using var console = await StartAsync();
        using var engineer = await BearerAsync(console, TestUsers.Engineer);
        using var lead1 = console.CreateClient(withApiKey: false);
        using var lead2 = await BearerAsync(console, TestUsers.Lead2);
        for (var round = 0; round < 5; round++)
        {
            // Back and forth between the two newest versions: "prev" is always the other one.
            using var created = await engineer.PostAsJsonAsync("/api/changes", new { service = "ach-svc", targetVersion = "prev", reason = $"round {round}" });
            var id = (await JsonAsync(created)).GetProperty("id").GetString()!;
            var key = Guid.NewGuid().ToString();
            var answers = await Task.WhenAll(
                lead1.PostAsync($"/api/changes/{id}/approve", null),
                lead2.PostAsync($"/api/changes/{id}/approve", null),
                PostWithKeyAsync(lead1, $"/api/changes/{id}/approve", key),
                PostWithKeyAsync(lead1, $"/api/changes/{id}/approve", key));
            var statuses = answers.Select(a => a.StatusCode).ToList();
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
            // One approval wins: one of the two plain calls, or the keyed call (whose retry then replays the same 200).
            var winners = statuses.Take(2).Count(s => s == HttpStatusCode.OK) + (statuses[2] == HttpStatusCode.OK || statuses[3] == HttpStatusCode.OK ? 1 : 0);
            Assert.True(winners == 1, string.Join(", ", statuses));
            Assert.Equal(statuses[2], statuses[3]);
            Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, string.Join(", ", statuses)));
            var done = await Poll.UntilAsync(async () => await GetAsync(lead1, $"/api/changes/{id}"),
                c => c.GetProperty("final").GetBoolean(), "the rollback to finish");
            Assert.Equal("succeeded", done.GetProperty("state").GetString());
            Assert.Equal(1, done.GetProperty("attempts").GetInt32());
        }
    }

    private static async Task<ConsoleProcess> StartAsync(Dictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string> { ["Demo:RolloutDuration"] = "00:00:01" };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }
        var console = new ConsoleProcess(settings);
        await console.StartAndWaitUntilReadyAsync();
        return console;
    }

    public static async Task<HttpClient> BearerAsync(ConsoleProcess console, string user)
    {
        var client = console.CreateClient(withApiKey: false, signedIn: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await console.CreateTokenAsync(user));
        return client;
    }

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await JsonAsync(response);
    }

    private static async Task<Problem> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await Problem.ReadAsync(response);
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {problem.Detail}");
        return problem;
    }

    private static async Task<string> Code(HttpResponseMessage response, Problem problem)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("code").GetString() + " " + problem.Detail;
    }
}
