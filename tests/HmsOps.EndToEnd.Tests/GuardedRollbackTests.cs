using System.Net;
using System.Net.Http.Json;
using HmsOps.Tests.Shared;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HmsOps.EndToEnd.Tests;

/// <summary>
/// The seed's story in two browsers: ach-svc is slow, the engineer asks to roll it back, cannot approve it alone,
/// lead1 approves from another browser, ach-svc runs v1.8.2 and the radar's p95 comes back under its 1 s limit.
/// </summary>
public sealed class GuardedRollbackTests(ConsoleBrowserFixture fixture) : IClassFixture<ConsoleBrowserFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    // The radar's p95 reads a 1m rate window: it falls once the slow requests leave it.
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromMinutes(3);

    private static LocatorAssertionsToHaveTextOptions Within(TimeSpan t) => new() { Timeout = (float)t.TotalMilliseconds };

    [Fact]
    public async Task An_engineer_requests_a_rollback_a_second_lead_approves_and_the_latency_recovers()
    {
        using var client = fixture.Console.CreateClient();
        using var injected = await client.PostAsJsonAsync("/api/demo/faults",
            new { service = "ach-svc", latencyMs = 3000, errorRate = 0.0, durationSeconds = 900 });
        Assert.Equal(HttpStatusCode.OK, injected.StatusCode);
        try
        {
            await using var radar = await fixture.OpenAsync("/", user: TestUsers.Viewer);
            await Eventually.MatchesAsync(() => radar.SecondsAsync("ach-svc", "p95"), p95 => p95 >= 1, Deadline,
                "ach-svc's p95 to pass 1 s with the injected latency");

            await using var engineer = await fixture.OpenAsync("/deployments", user: TestUsers.Engineer);
            var ach = engineer.Page.GetByTestId("deployment-ach-svc");
            await Expect(ach.GetByTestId("current-version")).ToHaveTextAsync("v1.9.0", Within(Deadline));
            await engineer.Page.GetByRole(AriaRole.Button, new() { Name = "Roll back ach-svc" }).ClickAsync();
            await Expect(engineer.Page.Locator("[data-field='targetVersion']")).ToHaveValueAsync("v1.8.2");
            var request = engineer.Page.GetByTestId("request-rollback");
            await Expect(request).ToBeDisabledAsync();
            await engineer.Page.Locator("[data-field='reason']").FillAsync("ach p95 over 3 s since v1.9.0");
            await engineer.Page.Locator("[data-field='confirm']").FillAsync("ach-svc");
            await Expect(request).ToBeEnabledAsync();
            await request.ClickAsync();

            var row = engineer.Page.GetByTestId("change-row").Filter(new() { HasText = "rollback v1.9.0 → v1.8.2" });
            await Expect(row.GetByTestId("change-state")).ToHaveTextAsync("requested", Within(Deadline));
            var id = await row.GetAttributeAsync("data-change-id") ?? throw new InvalidOperationException("the row has no change id");
            // The requester cannot approve: the page offers only a withdrawal, and the service would refuse anyway.
            await Expect(row.GetByTestId("approve")).ToHaveCountAsync(0);
            await Expect(row.GetByTestId("withdraw")).ToBeVisibleAsync();

            await using var lead = await fixture.OpenAsync("/deployments", user: TestUsers.Lead1);
            await lead.Page.GetByRole(AriaRole.Button, new() { Name = $"Approve {id}" }).ClickAsync();
            await Expect(lead.Page.GetByTestId("decision-requester")).ToHaveTextAsync(TestUsers.Engineer);
            await lead.Page.GetByTestId("decision-confirm").ClickAsync();

            await Expect(lead.Page.GetByTestId("deployment-ach-svc").GetByTestId("current-version")).ToHaveTextAsync("v1.8.2", Within(Deadline));
            await Expect(ach.GetByTestId("current-version")).ToHaveTextAsync("v1.8.2", Within(Deadline));
            await Expect(row.GetByTestId("change-approver")).ToHaveTextAsync(TestUsers.Lead1, Within(Deadline));

            await Eventually.MatchesAsync(() => radar.SecondsAsync("ach-svc", "p95"), p95 => p95 < 1, RecoveryDeadline,
                "ach-svc's p95 to fall under 1 s once v1.8.2 (without the fault) runs");
        }
        finally
        {
            using var cleared = await client.DeleteAsync("/api/demo/faults/ach-svc");
        }
    }
}
