using System.Net;
using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;

namespace HmsOps.EndToEnd.Tests;

public sealed class FaultInjectionTests(ConsoleBrowserFixture fixture) : IClassFixture<ConsoleBrowserFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Three_seconds_of_latency_in_ach_svc_turns_its_card_red_and_shows_upstream_in_api_gw()
    {
        await using var page = await fixture.OpenAsync();
        using var client = fixture.Console.CreateClient();
        await Expect(page.Card("ach-svc")).ToHaveAttributeAsync("data-health", "ok", new() { Timeout = (float)Deadline.TotalMilliseconds });
        await Expect(page.Card("api-gw")).ToHaveAttributeAsync("data-health", "ok", new() { Timeout = (float)Deadline.TotalMilliseconds });

        using var injected = await client.PostAsJsonAsync("/api/demo/faults",
            new { service = "ach-svc", latencyMs = 3000, errorRate = 0.0, durationSeconds = 600 });
        Assert.Equal(HttpStatusCode.OK, injected.StatusCode);
        try
        {
            await Expect(page.Card("ach-svc")).ToHaveAttributeAsync("data-health", "red", new() { Timeout = (float)Deadline.TotalMilliseconds });
            await Expect(page.Card("ach-svc").GetByTestId("health-chip")).ToHaveTextAsync("OVER THRESHOLD");
            await Expect(page.Card("ach-svc").GetByText(new System.Text.RegularExpressions.Regex(@"^p95 .+ is over 1 s$")))
                .ToBeVisibleAsync();

            // Most gateway requests are payments that wait on ach-svc, so the gateway's p95 carries the 3 s too.
            await Eventually.MatchesAsync(() => page.SecondsAsync("api-gw", "p95"), p95 => p95 >= 3, Deadline,
                "api-gw's p95 to rise to at least the injected 3 s");
        }
        finally
        {
            using var cleared = await client.DeleteAsync("/api/demo/faults/ach-svc");
            Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        }
    }
}
