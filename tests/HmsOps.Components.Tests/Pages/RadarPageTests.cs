using System.Globalization;
using Bunit;
using HmsOps.Core.Metrics;
using HmsOps.Core.Radar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RadarPage = HmsOps.Console.Components.Pages.Radar;

namespace HmsOps.Components.Tests.Pages;

public sealed class RadarPageTests : MudComponentTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly RadarOptions _options = new();
    private readonly TimeSeriesStore _store = RadarSamples.EmptyStore();
    private readonly RadarFeed _feed;

    public RadarPageTests()
    {
        _feed = new RadarFeed(_options, _store, Time, NullLogger<RadarFeed>.Instance);
        Ctx.Services.AddSingleton(_options);
        Ctx.Services.AddSingleton(_feed);
    }

    [Fact]
    public void Every_reporting_service_gets_one_card_in_name_order()
    {
        var at = Time.GetUtcNow().AddSeconds(-30);
        RadarSamples.Record(_store, _options, "search", at, RadarSamples.Repeat(0.05, 100));
        RadarSamples.Record(_store, _options, "checkout", at, RadarSamples.Repeat(4, 100));
        RadarSamples.Record(_store, _options, "catalog", at, RadarSamples.Repeat(0.2, 50));
        _feed.Refresh();

        var page = Ctx.Render<RadarPage>();

        var cards = page.FindAll("[data-testid^='radar-card-']");
        Assert.Equal(["radar-card-catalog", "radar-card-checkout", "radar-card-search"], cards.Select(c => c.GetAttribute("data-testid")));
        Assert.Equal("red", page.Find("[data-testid='radar-card-checkout']").GetAttribute("data-health"));
        Assert.Empty(page.FindAll("[role='status']"));
        Assert.Equal("updated 12:00:00 UTC", page.Find("[data-testid='radar-updated']").TextContent.Trim());
    }

    [Fact]
    public void With_no_services_reporting_the_page_says_which_metrics_it_waits_for()
    {
        _feed.Refresh();

        var page = Ctx.Render<RadarPage>();

        Assert.Empty(page.FindAll("[data-testid^='radar-card-']"));
        var status = page.Find("[role='status']").TextContent;
        Assert.Contains("hms_http_request_duration_seconds", status, StringComparison.Ordinal);
        Assert.Contains("hms_http_requests_total", status, StringComparison.Ordinal);
    }

    [Fact]
    public void The_update_time_reads_like_the_app_bar_clock_whatever_the_server_culture()
    {
        _feed.Refresh();
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("fi-FI"); // Its time separator is '.'.
        try
        {
            var page = Ctx.Render<RadarPage>();

            Assert.Equal("updated 12:00:00 UTC", page.Find("[data-testid='radar-updated']").TextContent.Trim());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void A_prerender_does_not_subscribe_to_the_feed()
    {
        Ctx.Render<RadarPage>();

        Assert.Equal(0, _feed.SubscriberCount);
    }

    [Fact]
    public async Task An_open_page_redraws_when_the_feed_ticks_and_unsubscribes_when_closed()
    {
        RenderInteractively();
        var page = Ctx.Render<RadarPage>();
        Assert.Equal("waiting for the first update", page.Find("[data-testid='radar-updated']").TextContent.Trim());
        Assert.Equal(1, _feed.SubscriberCount);

        await _feed.StartAsync(CancellationToken.None);
        try
        {
            // The first snapshot is pushed as the feed starts: nothing reports yet.
            page.WaitForAssertion(() =>
                Assert.Equal("updated 12:00:00 UTC", page.Find("[data-testid='radar-updated']").TextContent.Trim()), Deadline);
            Assert.NotNull(page.Find("[role='status']"));

            RadarSamples.Record(_store, _options, "checkout", Time.GetUtcNow(), RadarSamples.Repeat(4, 100));
            Time.Advance(_options.RefreshInterval);

            page.WaitForAssertion(() =>
            {
                Assert.Equal("updated 12:00:01 UTC", page.Find("[data-testid='radar-updated']").TextContent.Trim());
                Assert.Equal("red", page.Find("[data-testid='radar-card-checkout']").GetAttribute("data-health"));
            }, Deadline);
            Assert.Empty(page.FindAll("[role='status']"));

            await Ctx.DisposeComponentsAsync();
            Assert.Equal(0, _feed.SubscriberCount);
        }
        finally
        {
            await _feed.StopAsync(CancellationToken.None);
            _feed.Dispose();
        }
    }
}
