using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HmsOps.EndToEnd.Tests.Logs;

/// <summary>An operator finds logs sent through /ingest by text and by field, then follows a new one in live tail.</summary>
public sealed class LogsPageTests(ConsoleBrowserFixture fixture) : IClassFixture<ConsoleBrowserFixture>
{
    private const float Timeout = 60_000;

    [Fact]
    public async Task Logs_are_found_by_text_and_by_field_and_a_new_one_appears_in_live_tail()
    {
        var service = "e2e-logs-" + Guid.NewGuid().ToString("N")[..8];
        using var client = fixture.Console.CreateClient();
        await IngestAsync(client, service, "payment declined by the rail", "A-17");
        await IngestAsync(client, service, "payment accepted", "A-18");
        await Eventually.MatchesAsync(() => StoredCountAsync(client, service), n => n == 2, TimeSpan.FromSeconds(60), $"two logs of {service} stored");

        await using var page = await fixture.OpenAsync($"/logs?service={service}");
        var rows = page.Page.GetByRole(AriaRole.Table, new() { Name = "Logs" }).Locator("tbody").GetByRole(AriaRole.Row);
        await Expect(rows).ToHaveCountAsync(2, new() { Timeout = Timeout });
        var search = page.Page.GetByRole(AriaRole.Textbox, new() { Name = "Search logs" });

        await search.FillAsync("declined");
        await search.PressAsync("Enter");
        await Expect(page.Page).ToHaveURLAsync(new Regex(@"/logs\?.*q=declined"));
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("payment declined by the rail");

        await search.FillAsync("orderId=A-18");
        await search.PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("payment accepted");

        await search.FillAsync("level:loud");
        await search.PressAsync("Enter");
        await Expect(page.Page.GetByText("unknown level 'loud'")).ToBeVisibleAsync();

        await search.FillAsync("");
        await search.PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(2);
        await page.Page.GetByText("Live tail", new() { Exact = true }).ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex(@"/logs\?.*live=1"));
        await Expect(page.Page.GetByRole(AriaRole.Status, new() { Name = "Log count" })).ToContainTextAsync("following new logs");

        await IngestAsync(client, service, "a refund arrived while watching", "A-19");

        await Expect(rows).ToHaveCountAsync(3, new() { Timeout = Timeout });
        await Expect(rows.First).ToContainTextAsync("a refund arrived while watching");
        Assert.Empty(page.BrowserErrors);
    }

    private static async Task IngestAsync(HttpClient client, string service, string message, string orderId)
    {
        var log = new
        {
            type = "log",
            payload = new { timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), level = "info", service, message, orderId },
        };
        using var posted = await client.PostAsJsonAsync("/ingest", new[] { log });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
    }

    private static async Task<int> StoredCountAsync(HttpClient client, string service)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync($"/api/logs?service={service}"));
        return document.RootElement.GetProperty("logs").GetArrayLength();
    }
}
