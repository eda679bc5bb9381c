using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HmsOps.EndToEnd.Tests;

/// <summary>
/// Issue 3, "done when": <c>Metrics:Source=Prometheus</c> pointed at a real Prometheus that scrapes the console shows
/// the same radar as the embedded default; and when that Prometheus goes away the panels say since when, the page stays
/// usable, and everything comes back by itself once Prometheus is restarted.
/// </summary>
public sealed partial class PrometheusSourceRadarTests(FederatedConsolesFixture fixture) : IClassFixture<FederatedConsolesFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly LocatorAssertionsToHaveAttributeOptions WithinDeadline = new() { Timeout = (float)Deadline.TotalMilliseconds };

    [Fact]
    public async Task The_radar_over_prometheus_has_the_embedded_radars_cards_and_a_fault_turns_the_same_card_red_on_both()
    {
        await using var embedded = await fixture.OpenAsync(fixture.Embedded);
        await using var viaPrometheus = await fixture.OpenAsync(fixture.ViaPrometheus);

        var services = await Eventually.MatchesAsync(
            async () => (A: await embedded.CardServicesAsync(), B: await viaPrometheus.CardServicesAsync()),
            cards => cards.A.Length > 0 && cards.A == cards.B, Deadline,
            "console B (through Prometheus) to show the same service cards as console A (embedded)");
        Assert.Equal(["ach-svc", "api-gw", "claims-api"], services.A.Split(','));
        await Expect(viaPrometheus.Page.GetByText("No services reporting yet.")).Not.ToBeVisibleAsync();

        // B has no data of its own: numbers and heatmap cells on its cards came from console A through Prometheus.
        foreach (var service in services.B.Split(','))
        {
            await Eventually.MatchesAsync(() => viaPrometheus.SecondsAsync(service, "p95"), p95 => p95 is not null, Deadline,
                $"{service}'s p95 on console B to show a latency");
            await Expect(viaPrometheus.BusyHeatmapCells(service).First).ToBeAttachedAsync(new() { Timeout = (float)Deadline.TotalMilliseconds });
        }
        await Expect(embedded.Card("ach-svc")).ToHaveAttributeAsync("data-health", "ok", WithinDeadline);
        await Expect(viaPrometheus.Card("ach-svc")).ToHaveAttributeAsync("data-health", "ok", WithinDeadline);

        using var client = fixture.Embedded.CreateClient();
        using var injected = await client.PostAsJsonAsync("/api/demo/faults",
            new { service = "ach-svc", latencyMs = 3000, errorRate = 0.0, durationSeconds = 600 });
        Assert.Equal(HttpStatusCode.OK, injected.StatusCode);
        try
        {
            await Expect(embedded.Card("ach-svc")).ToHaveAttributeAsync("data-health", "red", WithinDeadline);
            await Expect(viaPrometheus.Card("ach-svc")).ToHaveAttributeAsync("data-health", "red", WithinDeadline);
            await Expect(viaPrometheus.Card("ach-svc").GetByTestId("health-chip")).ToHaveTextAsync("OVER THRESHOLD");
        }
        finally
        {
            using var cleared = await client.DeleteAsync("/api/demo/faults/ach-svc");
            Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        }
        Assert.True(viaPrometheus.BrowserErrors.Count == 0, "the browser reported:\n" + string.Join('\n', viaPrometheus.BrowserErrors));
    }

    [Fact]
    public async Task Killing_prometheus_marks_the_panels_unavailable_keeps_the_page_usable_and_a_restart_brings_the_data_back()
    {
        await using var page = await fixture.OpenAsync(fixture.ViaPrometheus);
        await Expect(page.BusyHeatmapCells("ach-svc").First).ToBeAttachedAsync(new() { Timeout = (float)Deadline.TotalMilliseconds });
        await Expect(page.UnavailableNotes).ToHaveCountAsync(0);

        await fixture.Prometheus.KillAsync();

        // Every panel on every card says the source is gone and since when, and keeps what it last showed.
        var panels = await page.Panels.CountAsync();
        Assert.True(panels > 0, "the radar shows no panels");
        await Eventually.MatchesAsync(() => page.UnavailableNotes.CountAsync(), notes => notes == panels, Deadline,
            $"all {panels} radar panels on console B to say the source is unavailable");
        foreach (var note in await page.UnavailableNotes.AllAsync())
        {
            await Expect(note).ToHaveTextAsync(UnavailableSince());
        }
        await Expect(page.BusyHeatmapCells("ach-svc").First).ToBeAttachedAsync();
        Assert.NotNull(await page.SecondsAsync("ach-svc", "p95"));
        var heatmapWhileDown = await page.HeatmapValuesAsync("ach-svc");

        // The page stays usable: no error bar, no reconnect dialog, and the navigation still works.
        await ExpectNoBrokenCircuitAsync(page);
        var navigation = page.Page.GetByRole(AriaRole.Navigation, new() { Name = "Console sections" });
        await navigation.GetByRole(AriaRole.Link, new() { Name = "Alerts", Exact = true }).ClickAsync();
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "Alerts", Level = 1, Exact = true })).ToBeVisibleAsync();
        await navigation.GetByRole(AriaRole.Link, new() { Name = "Radar", Exact = true }).ClickAsync();
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "Radar", Level = 1, Exact = true })).ToBeVisibleAsync();
        // A radar opened during the outage has no last list of services to keep: it says why, not "no services reporting".
        var status = page.Page.GetByRole(AriaRole.Status);
        await Expect(status).ToContainTextAsync("The services could not be listed.", new() { Timeout = (float)Deadline.TotalMilliseconds });
        await Expect(status).ToContainTextAsync("Prometheus unavailable");
        await ExpectNoBrokenCircuitAsync(page);

        await fixture.Prometheus.StartAsync();

        // Nothing is reloaded: the radar finds its services again, the notes go away, and fresh data is drawn.
        await Expect(page.Card("ach-svc")).ToBeVisibleAsync(new() { Timeout = (float)Deadline.TotalMilliseconds });
        await Eventually.MatchesAsync(() => page.UnavailableNotes.CountAsync(), notes => notes == 0, Deadline,
            "the unavailable notes on console B to go away after Prometheus restarted");
        await Expect(page.BusyHeatmapCells("ach-svc").First).ToBeAttachedAsync(new() { Timeout = (float)Deadline.TotalMilliseconds });
        await Eventually.MatchesAsync(() => page.HeatmapValuesAsync("ach-svc"), values => values != heatmapWhileDown, Deadline,
            "ach-svc's heatmap on console B to show new data after Prometheus restarted");
        Assert.NotNull(await page.SecondsAsync("ach-svc", "p95"));
        await ExpectNoBrokenCircuitAsync(page);
        Assert.True(page.BrowserErrors.Count == 0, "the browser reported:\n" + string.Join('\n', page.BrowserErrors));
    }

    /// <summary>Blazor's error bar and its reconnect dialog are what a crashed or dropped circuit shows.</summary>
    private static async Task ExpectNoBrokenCircuitAsync(ConsolePage page)
    {
        await Expect(page.Page.Locator("#blazor-error-ui")).Not.ToBeVisibleAsync();
        await Expect(page.Page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
    }

    [GeneratedRegex(@"^source unavailable since \d{2}:\d{2}:\d{2}$")]
    private static partial Regex UnavailableSince();
}
