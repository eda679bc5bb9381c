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

    [Fact]
    public async Task A_point_of_the_duration_scatter_opens_its_trace()
    {
        var traceId = Guid.NewGuid().ToString("N");
        var service = "e2e-scatter-" + traceId[..6];
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds();
        await IngestAsync(Span(traceId, "e2e2000000000001", null, service, "GET /plotted", t0, 80));

        await using var page = await fixture.OpenAsync($"/traces?service={service}&range=15m");

        // Data points carry their point index (rel); legend markers do not.
        var marker = page.Page.Locator(".trace-scatter .apexcharts-marker[rel]");
        // ApexCharts may draw a point twice (its hover copy); both carry the same series and point index.
        await Expect(marker.First).ToBeAttachedAsync(new() { Timeout = Timeout });
        Assert.All(await marker.EvaluateAllAsync<string[]>("ms => ms.map(m => m.getAttribute('index') + '/' + m.getAttribute('rel'))"),
            position => Assert.Equal("0/0", position));
        await marker.First.ClickAsync(new() { Force = true });
        await Expect(page.Page).ToHaveURLAsync(new Regex($"/traces/{traceId}$"));
        Assert.Empty(page.BrowserErrors);
    }

    [Fact]
    public async Task The_minimap_of_a_long_trace_scrolls_the_waterfall_where_it_is_clicked()
    {
        var traceId = Guid.NewGuid().ToString("N");
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-30).ToUnixTimeMilliseconds();
        var spans = new List<object> { Span(traceId, "e2e3000000000000", null, "batch", "nightly run", t0, 20_000) };
        for (var i = 1; i < 200; i++)
        {
            spans.Add(Span(traceId, $"e2e3{i:x12}", "e2e3000000000000", i % 2 == 0 ? "batch" : "ledger", $"step {i}", t0 + i * 100, 90));
        }
        await IngestAsync([.. spans]);

        await using var page = await fixture.OpenAsync($"/traces/{traceId}");

        await Expect(page.Page.Locator(".wf-row")).ToHaveCountAsync(200, new() { Timeout = Timeout });
        var minimap = page.Page.GetByRole(AriaRole.Scrollbar, new() { Name = "Minimap: drag to scroll the waterfall" });
        var box = await minimap.BoundingBoxAsync() ?? throw new InvalidOperationException("the minimap is not laid out");
        await page.Page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height - 2);

        // The bottom of the minimap stands for the last rows: the waterfall's visible part ends within its last tenth.
        await Eventually.MatchesAsync(
            () => page.Page.Locator(".wf-scroll").EvaluateAsync<double>("e => (e.scrollTop + e.clientHeight) / e.scrollHeight"),
            seen => seen > 0.9, TimeSpan.FromSeconds(30), "the waterfall scrolled to its last rows");
        Assert.Empty(page.BrowserErrors);
    }
}
