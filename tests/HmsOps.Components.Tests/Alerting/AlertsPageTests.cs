using AngleSharp.Dom;
using Bunit;
using HmsOps.Console.Components.Alerts;
using HmsOps.Console.Components.Pages;
using HmsOps.Core.Alerting;
using HmsOps.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace HmsOps.Components.Tests.Alerting;

public sealed class AlertsPageTests : AlertsTestBase
{
    public AlertsPageTests() => RenderInteractively();

    private IRenderedComponent<Console.Components.Pages.Alerts> RenderPage(string uri = "alerts")
    {
        Navigation.NavigateTo(uri);
        return Ctx.Render<Console.Components.Pages.Alerts>();
    }

    private static IElement Row(IRenderedComponent<Console.Components.Pages.Alerts> page, string name) =>
        page.FindAll("[role='article']").Single(a => a.GetAttribute("aria-label")!.StartsWith(name + " ", StringComparison.Ordinal));

    [Fact]
    public void Alerts_are_grouped_by_severity_then_service_with_state_since_value_labels_and_summary()
    {
        Book.Upsert("rules", [
            Alert("Disk", "info", "api-gw"),
            Alert("Lat", "warning", "claims-api", AlertState.Pending),
            AchLatency(),
            Alert("Err", "critical", "api-gw"),
        ]);

        var page = RenderPage();

        Assert.Equal(["critical alerts", "warning alerts", "info alerts"],
            page.FindAll("section.severity-group").Select(s => s.GetAttribute("aria-label")));
        Assert.Equal(["critical alerts of ach-svc", "critical alerts of api-gw"],
            page.FindAll("section.severity-group")[0].QuerySelectorAll("section.service-group").Select(s => s.GetAttribute("aria-label")));
        var row = Row(page, "ACHLatencyHigh");
        Assert.Equal("firing", row.QuerySelector(".alert-state")!.TextContent.Trim());
        Assert.Contains("10m 0s ago", row.QuerySelector(".alert-since")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2026-03-02 11:50:00 UTC", row.QuerySelector(".alert-since")!.GetAttribute("title"));
        Assert.Contains("firing for 7m 0s", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("6.2", row.QuerySelector(".alert-value")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["service=ach-svc", "severity=critical"], row.QuerySelectorAll(".alert-label").Select(c => c.TextContent.Trim()));
        Assert.Equal("ACH p95 is 6.2s", row.QuerySelector(".alert-summary")!.TextContent.Trim());
        Assert.Equal("pending", Row(page, "Lat").QuerySelector(".alert-state")!.TextContent.Trim());
    }

    [Fact]
    public void Acknowledging_records_the_signed_in_person_and_when_in_the_book_and_the_audit_log()
    {
        SignIn("Ada Lovelace", "viewer", "oncall");
        Book.Upsert("rules", [AchLatency(), Alert("Err", "critical", "api-gw")]);
        var page = RenderPage();

        Time.Advance(TimeSpan.FromSeconds(5));
        page.Find("button[aria-label='Acknowledge ACHLatencyHigh']").Click();

        // The handler checks the role asynchronously first, so the click may return before the book has changed.
        page.WaitForAssertion(() => Assert.Equal(new AlertAcknowledgement("Ada Lovelace", Time.GetUtcNow()),
            Book.Snapshot().Single(a => a.Name == "ACHLatencyHigh").Acknowledged));
        page.WaitForAssertion(() => Assert.Contains("Acknowledged by Ada Lovelace at 12:00:05 UTC",
            Row(page, "ACHLatencyHigh").QuerySelector(".alert-acknowledged")!.TextContent.Replace("\n", " ", StringComparison.Ordinal).Squash(),
            StringComparison.Ordinal));
        var entry = Assert.Single(Audit.Entries);
        Assert.Equal(("Ada Lovelace", AuditActions.AlertAcknowledged), (entry.Actor, entry.Action));
        Assert.Contains("ACHLatencyHigh", entry.DetailJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_sees_no_acknowledge_or_silence_and_a_forged_acknowledge_is_refused_on_the_server()
    {
        SignIn("vic", "viewer");
        Book.Upsert("rules", [AchLatency()]);
        var page = RenderPage();

        Assert.Empty(page.FindAll("button[aria-label='Acknowledge ACHLatencyHigh']"));
        Assert.Empty(page.FindAll("button[aria-label='Silence ACHLatencyHigh']"));
        Assert.Contains("Read-only", page.Markup, StringComparison.Ordinal);

        // What a tampered circuit message would do: raise the row's acknowledge event although no button was shown.
        var row = page.FindComponent<AlertRowView>();
        await page.InvokeAsync(() => row.Instance.OnAcknowledge.InvokeAsync(row.Instance.Row));

        Assert.Null(Book.Snapshot().Single().Acknowledged);
        Assert.Empty(Audit.Entries);
    }

    [Fact]
    public void Filters_come_from_the_url_so_a_link_reproduces_the_view()
    {
        var acked = Alert("Acked", "critical", "ach-svc");
        Book.Upsert("rules", [
            AchLatency(),
            acked,
            Alert("Pending", "critical", "ach-svc", AlertState.Pending),
            Alert("Warn", "warning", "ach-svc"),
            Alert("Other", "critical", "api-gw"),
        ]);
        Book.Acknowledge(acked.Fingerprint, "bob");

        var page = RenderPage("alerts?state=firing&severity=critical&service=ach-svc&ack=unacknowledged");

        Assert.Equal(["ACHLatencyHigh firing"], page.FindAll("[role='article']").Select(a => a.GetAttribute("aria-label")));
        Assert.Contains("1 of 5 alerts shown", page.Find("[aria-label='Alert count']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_from_the_url_and_silenced_alerts_hidden_on_request()
    {
        Book.Upsert("rules", [AchLatency(), Alert("Err", "critical", "api-gw")]);
        Silences.Create([new("alertname", Core.PromQL.MatchOp.Equal, "Err")], TimeSpan.FromHours(1), "bob", "deploy window");

        var all = RenderPage("alerts");
        Assert.NotNull(Row(all, "Err").QuerySelector(".alert-silenced"));

        var hidden = RenderPage("alerts?silenced=hide");
        Assert.Equal(["ACHLatencyHigh firing"], hidden.FindAll("[role='article']").Select(a => a.GetAttribute("aria-label")));

        var searched = RenderPage("alerts?q=p95%20is");
        Assert.Equal(["ACHLatencyHigh firing"], searched.FindAll("[role='article']").Select(a => a.GetAttribute("aria-label")));
    }

    [Fact]
    public void A_local_runbook_opens_beside_the_alert_and_the_url_records_which()
    {
        var alert = AchLatency();
        Book.Upsert("rules", [alert, Alert("Err", "critical", "api-gw")]);
        var page = RenderPage();

        Row(page, "ACHLatencyHigh").QuerySelector("button.runbook-local")!.Click();

        Assert.EndsWith($"alerts?alert={alert.Fingerprint}&runbook=ach_latency", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() =>
        {
            var aside = page.Find("aside[aria-label='Runbook beside the alert']");
            Assert.Contains("ACH payment latency high", aside.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(aside.QuerySelector("h2#roll-back"));
            // A section link stays on this page (with the alert still open), not on the base URL.
            Assert.Equal($"alerts?alert={alert.Fingerprint}&runbook=ach_latency#roll-back",
                aside.QuerySelector(".markdown-body a")!.GetAttribute("href"));
        });
        Assert.Contains("alert-open", Row(page, "ACHLatencyHigh").ClassName, StringComparison.Ordinal);
        Assert.Equal(2, page.FindAll("[role='article']").Count);

        page.Find("button[aria-label='Close runbook']").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("aside")));
    }

    [Fact]
    public void A_missing_runbook_is_shown_in_red_with_the_reason_and_an_external_one_opens_in_a_new_tab()
    {
        Book.Upsert("rules", [
            Alert("NoBook", "critical", "ach-svc", AlertState.Firing, ("runbook", "runbooks/gone.md")),
            Alert("NoAnnotation", "critical", "ach-svc"),
            Alert("Wiki", "critical", "ach-svc", AlertState.Firing, ("runbook_url", "https://wiki.example.org/ops/other")),
        ]);

        var page = RenderPage();

        var missing = Row(page, "NoBook").QuerySelector(".runbook-missing")!;
        Assert.Contains("mud-error-text", missing.ClassName, StringComparison.Ordinal);
        Assert.Contains("no runbook 'runbooks/gone.md' in", missing.TextContent, StringComparison.Ordinal);
        Assert.Contains("has no runbook annotation", Row(page, "NoAnnotation").QuerySelector(".runbook-missing")!.TextContent, StringComparison.Ordinal);
        var external = Row(page, "Wiki").QuerySelector("a.runbook-external")!;
        Assert.Equal(("https://wiki.example.org/ops/other", "_blank", "noopener"),
            (external.GetAttribute("href"), external.GetAttribute("target"), external.GetAttribute("rel")));
    }

    [Fact]
    public void The_list_updates_live_when_the_book_changes()
    {
        var page = RenderPage();
        Assert.Empty(page.FindAll("[role='article']"));

        Book.Upsert("rules", [AchLatency()]);

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[role='article']")));
    }
}

internal static class TextExtensions
{
    public static string Squash(this string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
