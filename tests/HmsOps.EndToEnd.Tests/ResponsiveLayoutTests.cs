using static Microsoft.Playwright.Assertions;

namespace HmsOps.EndToEnd.Tests;

public sealed class ResponsiveLayoutTests(ConsoleBrowserFixture fixture) : IClassFixture<ConsoleBrowserFixture>
{
    [Fact]
    public async Task At_1280_by_720_the_radar_cards_fit_without_horizontal_scrolling()
    {
        await using var page = await fixture.OpenAsync(width: 1280, height: 720);

        foreach (var service in new[] { "ach-svc", "api-gw", "claims-api" })
        {
            await Expect(page.Card(service)).ToBeVisibleAsync(new() { Timeout = 60_000 });
            var box = await page.Card(service).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 1280, $"{service}'s card spans x {box.X}..{box.X + box.Width}");
        }
        // Charts are drawn to their container's width: wait for them, since a chart wider than its card would scroll.
        await Expect(page.HeatmapCells("ach-svc").First).ToBeAttachedAsync(new() { Timeout = 60_000 });
        var widths = await page.Page.EvaluateAsync<int[]>(
            "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]");
        var (scrollWidth, clientWidth) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= clientWidth, $"the page scrolls sideways: scrollWidth {scrollWidth} > clientWidth {clientWidth}");
    }
}
