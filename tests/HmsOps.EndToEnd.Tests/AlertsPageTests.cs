using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HmsOps.Core.Audit;
using HmsOps.Tests.Shared;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HmsOps.EndToEnd.Tests;

public sealed class AlertsPageTests(ConsoleBrowserFixture fixture) : IClassFixture<ConsoleBrowserFixture>
{
    private const float Timeout = 60_000;

    [Fact]
    public async Task A_security_log_fires_an_alert_the_on_call_acknowledges_and_reads_its_runbook_beside_it()
    {
        using var client = fixture.Console.CreateClient();
        var log = new
        {
            type = "log",
            payload = new
            {
                timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                level = "security",
                service = "api-gw",
                message = "e2e: 40 failed logins for one account from one client in a minute",
            },
        };
        using var posted = await client.PostAsJsonAsync("/ingest", new[] { log });
        Assert.True(posted.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"ingest answered {posted.StatusCode}");

        await using var page = await fixture.OpenAsync("/alerts?state=firing&severity=critical", user: TestUsers.OnCall);
        var alert = page.Page.GetByRole(AriaRole.Article, new() { Name = "SecurityEvent firing" });
        await Expect(alert).ToBeVisibleAsync(new() { Timeout = Timeout });
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^[1-9]\d* critical alerts? firing$") })).ToBeVisibleAsync();

        await alert.GetByRole(AriaRole.Button, new() { Name = "Acknowledge SecurityEvent" }).ClickAsync();
        await Expect(alert).ToContainTextAsync($"Acknowledged by {TestUsers.OnCall}");
        using (var audit = new SqliteAuditLog(Path.Combine(fixture.Console.DataPath, SqliteAuditLog.FileName), TimeProvider.System))
        {
            Assert.Contains(audit.ReadAll(), e => e.Actor == TestUsers.OnCall && e.Action == AuditActions.AlertAcknowledged);
        }

        await alert.GetByRole(AriaRole.Button, new() { Name = "Runbook: Security event logged" }).ClickAsync();
        var runbook = page.Page.GetByRole(AriaRole.Complementary, new() { Name = "Runbook beside the alert" });
        await Expect(runbook.GetByRole(AriaRole.Heading, new() { Name = "Security event logged", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex(@"/alerts\?.*runbook=security_event"));
        // Beside, not instead: the alert is still on screen next to its runbook.
        await Expect(alert).ToBeInViewportAsync();
        await Expect(runbook).ToBeInViewportAsync();
        Assert.Empty(page.BrowserErrors);
    }

    [Fact]
    public async Task Anyone_not_signed_in_is_sent_to_the_login_page_and_back_to_the_alerts_after_signing_in()
    {
        await using var page = await HeadlessChromium.OpenAnonymousAsync(fixture.Browser, fixture.Console.BaseUrl);

        await page.Page.GotoAsync("/alerts");
        await Expect(page.Page).ToHaveURLAsync(new Regex(@"/login\?returnUrl=%2Falerts$"));
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Sign in");

        await page.Page.GetByLabel("User name").FillAsync(TestUsers.Viewer);
        await page.Page.GetByLabel("Password").FillAsync("not the password");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Sign-in failed");

        await page.Page.GetByLabel("User name").FillAsync(TestUsers.Viewer);
        await page.Page.GetByLabel("Password").FillAsync(TestUsers.Password(TestUsers.Viewer));
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitUntilInteractiveAsync();
        await Expect(page.Page).ToHaveURLAsync(fixture.Console.BaseUrl + "/alerts");
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "Alerts", Level = 1 })).ToBeVisibleAsync();
        // A viewer reads the alerts but is offered no acknowledge or silence.
        await Expect(page.Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Acknowledge|Silence) ") })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_runbook_found_by_search_renders_and_its_section_links_stay_on_the_runbook()
    {
        await using var page = await fixture.OpenAsync("/runbooks");

        await page.Page.GetByRole(AriaRole.Textbox, new() { Name = "Search runbooks" }).FillAsync("idempotency");
        var results = page.Page.GetByRole(AriaRole.Table);
        await Expect(results.GetByRole(AriaRole.Row)).ToHaveCountAsync(2); // header + ach_latency
        await Expect(page.Page).ToHaveURLAsync(new Regex(@"/runbooks\?q=idempotency$"));
        await results.GetByRole(AriaRole.Link, new() { Name = "ACH payment latency high" }).ClickAsync();

        await Expect(page.Page).ToHaveURLAsync(fixture.Console.BaseUrl + "/runbooks/ach_latency");
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "ACH payment latency high", Level = 1 }).First).ToBeVisibleAsync();
        await page.Page.GetByRole(AriaRole.Link, new() { Name = "Do not lose or double a payment" }).First.ClickAsync();

        await Expect(page.Page).ToHaveURLAsync(fixture.Console.BaseUrl + "/runbooks/ach_latency#do-not-lose-or-double-a-payment");
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "Do not lose or double a payment", Level = 2 })).ToBeInViewportAsync();
        Assert.Empty(page.BrowserErrors);
    }

    [Fact]
    public async Task The_alerts_page_opens_from_the_app_bar_badge_with_the_firing_critical_filter()
    {
        await using var page = await fixture.OpenAsync("/runbooks");

        await page.Page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"critical alerts? firing$") }).ClickAsync();

        await Expect(page.Page).ToHaveURLAsync(fixture.Console.BaseUrl + "/alerts?state=firing&severity=critical");
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "Alerts", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Page.GetByRole(AriaRole.Status, new() { Name = "Alert count" })).ToBeVisibleAsync();
        Assert.Empty(page.BrowserErrors);
    }

    [Fact]
    public async Task Filters_chosen_on_the_page_go_into_the_url_so_the_link_reproduces_the_view()
    {
        await using var page = await fixture.OpenAsync("/alerts");

        await page.Page.GetByRole(AriaRole.Textbox, new() { Name = "Search alerts" }).FillAsync("rail");
        await Expect(page.Page).ToHaveURLAsync(new Regex(@"/alerts\?q=rail$"));

        await page.Page.GetByLabel("Show silenced").ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex(@"/alerts\?.*silenced=hide"));
        await Expect(page.Page).ToHaveURLAsync(new Regex(@"q=rail"));

        await page.Page.GetByRole(AriaRole.Combobox, new() { Name = "Severity" }).ClickAsync();
        await page.Page.GetByRole(AriaRole.Option, new() { Name = "critical" }).ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex(@"severity=critical"));

        await page.ReloadAsync();
        await Expect(page.Page.GetByRole(AriaRole.Textbox, new() { Name = "Search alerts" })).ToHaveValueAsync("rail");
        var filters = page.Page.GetByRole(AriaRole.Search, new() { Name = "Alert filters" });
        await Expect(filters.GetByRole(AriaRole.Button, new() { Name = "Clear filters" })).ToBeVisibleAsync();
        Assert.Empty(page.BrowserErrors);
    }
}
