using AngleSharp.Dom;
using Bunit;
using HmsOps.Console.Components.Controls;
using HmsOps.Core.Radar;

namespace HmsOps.Components.Tests.Controls;

public sealed class RadarCardTests : MudComponentTest
{
    private readonly RadarOptions _options = new();

    [Fact]
    public void A_healthy_service_shows_its_latency_quantiles_rate_and_error_share_readably()
    {
        var radar = new ServiceRadar("search", ServiceHealth.Ok, [], P50Seconds: 0.18, P95Seconds: 0.75, P99Seconds: 3.2,
            RequestsPerSecond: 12.5, ErrorRatio: 0.012, new ServiceThresholds(), Heatmap.Empty, []);

        var card = RenderCard(radar);

        Assert.Equal("ok", card.Find("[data-testid='radar-card-search']").GetAttribute("data-health"));
        Assert.Equal("search", card.Find("h2").TextContent.Trim());
        Assert.Equal("OK", card.Find("[data-testid='health-chip']").TextContent.Trim());
        Assert.Equal("180 ms", Stat(card, "p50").TextContent.Trim());
        Assert.Equal("750 ms", Stat(card, "p95").TextContent.Trim());
        Assert.Equal("3.2 s", Stat(card, "p99").TextContent.Trim());
        Assert.Equal("12.5", Stat(card, "req/s").TextContent.Trim());
        Assert.Equal("1.2 %", Stat(card, "errors").TextContent.Trim());
        Assert.Empty(card.FindAll(".radar-stat-over"));
    }

    [Fact]
    public void A_service_whose_p95_is_over_its_threshold_turns_red_and_says_why()
    {
        var store = RadarSamples.EmptyStore();
        // 10 fast requests and 90 between 2.5 s and 5 s: p95 is far over the 1 s default threshold.
        RadarSamples.Record(store, _options, "checkout", Time.GetUtcNow().AddSeconds(-30),
            [.. RadarSamples.Repeat(0.4, 10), .. RadarSamples.Repeat(4, 90)]);
        var radar = Compute(store, "checkout");

        var card = RenderCard(radar);

        var root = card.Find("[data-testid='radar-card-checkout']");
        Assert.Equal("red", root.GetAttribute("data-health"));
        Assert.Equal("OVER THRESHOLD", card.Find("[data-testid='health-chip']").TextContent.Trim());
        Assert.Equal("4.86 s", Stat(card, "p95").TextContent.Trim());
        Assert.Contains("radar-stat-over", Stat(card, "p95").ClassList);
        Assert.Contains("p95 4.86 s is over 1 s", root.TextContent, StringComparison.Ordinal);
        Assert.Equal("checkout: OVER THRESHOLD", root.GetAttribute("aria-label"));
    }

    [Fact]
    public void A_service_failing_too_many_requests_is_red_with_the_error_rate_as_its_reason()
    {
        var store = RadarSamples.EmptyStore();
        RadarSamples.Record(store, _options, "payments", Time.GetUtcNow().AddSeconds(-30), RadarSamples.Repeat(0.05, 100),
            serverErrors: 20);
        var radar = Compute(store, "payments");

        var card = RenderCard(radar);

        Assert.Equal("red", card.Find("[data-testid='radar-card-payments']").GetAttribute("data-health"));
        Assert.Equal("20.0 %", Stat(card, "errors").TextContent.Trim());
        Assert.Contains("radar-stat-over", Stat(card, "errors").ClassList);
        Assert.DoesNotContain("radar-stat-over", Stat(card, "p95").ClassList);
        Assert.Contains("error rate", card.Find("[data-testid='radar-card-payments']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_service_under_its_thresholds_is_ok()
    {
        var store = RadarSamples.EmptyStore();
        RadarSamples.Record(store, _options, "checkout", Time.GetUtcNow().AddSeconds(-30), RadarSamples.Repeat(0.05, 100));
        var radar = Compute(store, "checkout");

        var card = RenderCard(radar);

        Assert.Equal("ok", card.Find("[data-testid='radar-card-checkout']").GetAttribute("data-health"));
        Assert.Equal("95 ms", Stat(card, "p95").TextContent.Trim());
        Assert.Equal("1.7", Stat(card, "req/s").TextContent.Trim());
        Assert.DoesNotContain("OVER THRESHOLD", card.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_service_that_sends_nothing_says_no_data_instead_of_zeroes()
    {
        _options.Services["billing"] = new ServiceThresholds();
        var radar = Compute(RadarSamples.EmptyStore(), "billing");

        var card = RenderCard(radar);

        Assert.Equal("nodata", card.Find("[data-testid='radar-card-billing']").GetAttribute("data-health"));
        Assert.Equal("NO DATA", card.Find("[data-testid='health-chip']").TextContent.Trim());
        Assert.Equal("–", Stat(card, "p95").TextContent.Trim());
        Assert.Equal("–", Stat(card, "errors").TextContent.Trim());
    }

    private ServiceRadar Compute(HmsOps.Core.Metrics.TimeSeriesStore store, string service) =>
        Assert.Single(new RadarCalculator(_options).Compute(store, Time.GetUtcNow()).Services, s => s.Service == service);

    private IRenderedComponent<RadarCard> RenderCard(ServiceRadar radar) =>
        Ctx.Render<RadarCard>(p => p.Add(c => c.Radar, radar));

    private static IElement Stat(IRenderedComponent<RadarCard> card, string label) =>
        Assert.Single(card.FindAll(".radar-stat"), s => s.QuerySelector(".radar-stat-label")?.TextContent == label)
            .QuerySelector(".radar-stat-value")!;
}
