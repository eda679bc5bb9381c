using Bunit;
using HmsOps.Components.Tests.Dashboards;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Core.Radar;
using HmsOps.Core.Telemetry;
using RadarPage = HmsOps.Console.Components.Pages.Radar;

namespace HmsOps.Components.Tests.Pages;

/// <summary>The radar is the shipped dashboards/radar.json: one card per service, red at the service's limits.</summary>
public sealed class RadarPageTests : DashboardTestBase
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public RadarPageTests()
    {
        AddDashboard(RepositoryFile("dashboards/radar.json"));
        RadarOptions.Services["checkout"] = new ServiceThresholds { LatencyP95ThresholdSeconds = 2, ErrorRateThreshold = 0.1 };
    }

    [Fact]
    public async Task Every_service_gets_a_card_and_one_over_its_own_p95_limit_turns_red()
    {
        Source.LabelValues["service"] = ["search", "checkout", "catalog"];
        RenderInteractively();
        var page = Ctx.Render<RadarPage>();

        page.WaitForAssertion(() => Assert.Equal(["radar-card-catalog", "radar-card-checkout", "radar-card-search"],
            page.FindAll("[data-testid^='radar-card-']").Select(c => c.GetAttribute("data-testid"))), Deadline);
        Assert.All(page.FindAll("[data-testid^='radar-card-']"), c => Assert.Equal("nodata", c.GetAttribute("data-health")));

        // p95 of 1.5 s: over the default 1 s (search), under checkout's own 2 s.
        await PushAsync(expr => expr.StartsWith("histogram_quantile(0.95", StringComparison.Ordinal) ? 1.5 : 0.01);

        page.WaitForAssertion(() =>
        {
            Assert.Equal("red", page.Find("[data-testid='radar-card-search']").GetAttribute("data-health"));
            Assert.Equal("ok", page.Find("[data-testid='radar-card-checkout']").GetAttribute("data-health"));
            Assert.Equal("OVER THRESHOLD", page.Find("[data-testid='radar-card-search'] [data-testid='health-chip']").TextContent.Trim());
            Assert.Contains("p95 1.50 s is over 1 s", page.Find("[data-testid='radar-card-search']").TextContent, StringComparison.Ordinal);
        }, Deadline);
        Assert.NotNull(page.Find("[data-testid='radar-card-search'] [aria-label='search latency heatmap']"));
    }

    [Fact]
    public async Task An_error_ratio_over_the_limit_turns_the_card_red()
    {
        Source.LabelValues["service"] = ["checkout"];
        RenderInteractively();
        var page = Ctx.Render<RadarPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='radar-card-checkout']")), Deadline);

        await PushAsync(expr => expr.StartsWith("(sum(rate(hms_http_requests_total", StringComparison.Ordinal) ? 0.2 : 0.01);

        page.WaitForAssertion(() => Assert.Equal("red", page.Find("[data-testid='radar-card-checkout']").GetAttribute("data-health")), Deadline);
        Assert.Contains("errors 20% is over 10%", page.Find("[data-testid='radar-card-checkout']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_services_reporting_the_page_says_which_metrics_it_waits_for()
    {
        RenderInteractively();
        var page = Ctx.Render<RadarPage>();

        page.WaitForAssertion(() =>
        {
            var status = page.Find("[role='status']").TextContent;
            Assert.Contains("hms_http_request_duration_seconds", status, StringComparison.Ordinal);
            Assert.Contains("hms_http_requests_total", status, StringComparison.Ordinal);
        }, Deadline);
        Assert.Empty(page.FindAll("[data-testid^='radar-card-']"));
    }

    [Fact]
    public void Opened_while_the_source_is_unavailable_the_page_says_so_instead_of_no_services_reporting()
    {
        Source.Unavailable = true;
        RenderInteractively();
        var page = Ctx.Render<RadarPage>();

        page.WaitForAssertion(() =>
        {
            var status = page.Find("[role='status']").TextContent;
            Assert.Contains("The services could not be listed.", status, StringComparison.Ordinal);
            Assert.Contains("Fake unavailable: connection refused", status, StringComparison.Ordinal);
            Assert.DoesNotContain("No services reporting", status, StringComparison.Ordinal);
        }, Deadline);
        Assert.Empty(page.FindAll("[data-testid^='radar-card-']"));
    }

    [Fact]
    public async Task Closing_the_page_unsubscribes_every_panel()
    {
        Source.LabelValues["service"] = ["checkout"];
        RenderInteractively();
        var page = Ctx.Render<RadarPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(Scheduler.Subscribed), Deadline);
        Assert.All(Scheduler.Subscribed, q => Assert.Contains("service=~\"checkout\"", q.Expr, StringComparison.Ordinal));

        await Ctx.DisposeComponentsAsync();

        Assert.Empty(Scheduler.Subscribed);
    }

    private Task PushAsync(Func<string, double> value) => Scheduler.PushAsync(_ => true, q =>
        new LiveQueryResult(q, Time.GetUtcNow(), new MatrixResult([new MatrixSeries(LabelSet.Empty, [Time.GetUtcNow().ToUnixTimeMilliseconds()], [value(q.Expr)])]), null, null));
}
