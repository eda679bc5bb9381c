using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HmsOps.EndToEnd.Tests.Traces;

public sealed class TraceWaterfallTests(ConsoleBrowserFixture fixture) : IClassFixture<ConsoleBrowserFixture>
{
    private const float Timeout = 60_000;

    private static object Span(string traceId, string spanId, string? parent, string service, string name, long start, int durationMs,
        string status = "ok", object? attributes = null) => new
        {
            type = "trace",
            payload = new
            {
                traceId,
                spanId,
                parentSpanId = parent,
                service,
                name,
                start,
                durationMs,
                status,
                attributes = attributes ?? new { },
            },
        };

    private async Task IngestAsync(params object[] events)
    {
        using var client = fixture.Console.CreateClient();
        using var posted = await client.PostAsJsonAsync("/ingest", events);
        Assert.True(posted.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"ingest answered {posted.StatusCode}");
    }

    [Fact]
    public async Task A_three_service_trace_found_by_id_shows_every_hop_the_critical_path_details_and_a_late_span_without_reload()
    {
        var traceId = Guid.NewGuid().ToString("N");
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds();
        await IngestAsync(
            Span(traceId, "e2e0000000000001", null, "web-ui", "GET /checkout", t0, 300),
            Span(traceId, "e2e0000000000002", "e2e0000000000001", "mesh", "route checkout", t0 + 20, 260),
            Span(traceId, "e2e0000000000003", "e2e0000000000002", "orders-api", "POST /orders", t0 + 40, 220, "error",
                new { http_route = "/orders", customer = "e2e-customer-17" }),
            Span(traceId, "e2e0000000000004", "e2e0000000000002", "mesh", "audit", t0 + 50, 10));

        await using var page = await fixture.OpenAsync("/traces");
        // Searched as the operator pastes it from a seed log: the UUID form.
        var uuid = Guid.ParseExact(traceId, "N").ToString("D");
        await page.Page.GetByRole(AriaRole.Textbox, new() { Name = "Trace id" }).FillAsync(uuid);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Open trace" }).ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex($"/traces/{traceId}$"));

        var waterfall = page.Page.GetByRole(AriaRole.Grid, new() { Name = "Trace waterfall" });
        var rows = waterfall.Locator(".wf-row");
        await Expect(rows).ToHaveCountAsync(4, new() { Timeout = Timeout });
        var legend = page.Page.GetByLabel("Service colours");
        foreach (var service in new[] { "web-ui", "mesh", "orders-api" })
        {
            await Expect(legend).ToContainTextAsync(service);
        }
        var api = waterfall.Locator(".wf-row[data-span-id='e2e0000000000003']");
        await Expect(api).ToHaveAttributeAsync("data-critical", "true");
        await Expect(api.Locator(".wf-critical")).ToHaveCountAsync(1);
        await Expect(api.GetByRole(AriaRole.Img, new() { Name = "error" })).ToBeVisibleAsync();
        await Expect(waterfall.Locator(".wf-row[data-span-id='e2e0000000000004']")).ToHaveAttributeAsync("data-critical", "false");

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Details of orders-api POST /orders" }).ClickAsync();
        var details = page.Page.GetByRole(AriaRole.Region, new() { Name = "Span details" });
        await Expect(details).ToContainTextAsync("e2e-customer-17");
        await Expect(details).ToContainTextAsync("error");

        await IngestAsync(Span(traceId, "e2e0000000000005", "e2e0000000000003", "orders-db", "INSERT orders", t0 + 60, 180));

        await Expect(rows).ToHaveCountAsync(5, new() { Timeout = Timeout });
        await Expect(legend).ToContainTextAsync("orders-db");
        // Stitched in place: the user's selection survived the re-read.
        await Expect(api).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(waterfall.Locator(".wf-row[data-span-id='e2e0000000000005']")).ToHaveAttributeAsync("data-critical", "true");
        Assert.Empty(page.BrowserErrors);
    }

    [Fact]
    public async Task A_trace_searched_by_service_is_listed_and_opens_from_the_results()
    {
        var traceId = Guid.NewGuid().ToString("N");
        var service = "e2e-search-" + traceId[..6];
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds();
        await IngestAsync(Span(traceId, "e2e1000000000001", null, service, "GET /search-me", t0, 120));

        await using var page = await fixture.OpenAsync($"/traces?service={service}&range=15m");

        var link = page.Page.GetByRole(AriaRole.Link, new() { Name = $"{service} · GET /search-me" });
        await Expect(link).ToBeVisibleAsync(new() { Timeout = Timeout });
        await link.ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex($"/traces/{traceId}$"));
        await Expect(page.Page.Locator(".wf-row")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        Assert.Empty(page.BrowserErrors);
    }
}
