using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HmsOps.EndToEnd.Tests;

/// <summary>
/// A console page in its own browser context, with the radar's parts located the way an operator reads them,
/// and every browser-side error (console errors, uncaught exceptions, failed or 4xx/5xx requests) kept.
/// </summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _errors = new();

    public ConsolePage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Enqueue("console error: " + message.Text);
            }
        };
        page.PageError += (_, error) => _errors.Enqueue("uncaught: " + error);
        page.RequestFailed += (_, request) => _errors.Enqueue($"request failed: {request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _errors.Enqueue($"HTTP {response.Status}: {response.Url}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyCollection<string> BrowserErrors => _errors;

    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitUntilInteractiveAsync();
    }

    /// <summary>Signs in on the login page as a person does, and waits for <paramref name="returnPath"/> to be interactive.</summary>
    public async Task SignInAsync(string user, string returnPath = "/")
    {
        await Page.GotoAsync("/login?returnUrl=" + Uri.EscapeDataString(returnPath));
        await Page.GetByLabel("User name").FillAsync(user);
        await Page.GetByLabel("Password").FillAsync(HmsOps.Tests.Shared.TestUsers.Password(user));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitUntilInteractiveAsync();
    }

    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await WaitUntilInteractiveAsync();
    }

    /// <summary>The layout attaches a hidden marker once the circuit is interactive (it is never visible).</summary>
    public Task WaitUntilInteractiveAsync() =>
        Expect(Page.Locator("[data-interactive=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });

    public ILocator Card(string service) => Page.GetByTestId($"radar-card-{service}");

    /// <summary>The services the radar has a card for, sorted and joined by commas ("" while it has none).</summary>
    public async Task<string> CardServicesAsync()
    {
        var ids = await Page.Locator("[data-testid^='radar-card-']").EvaluateAllAsync<string[]>(
            "cards => cards.map(c => c.getAttribute('data-testid'))");
        return string.Join(',', ids.Select(id => id["radar-card-".Length..]).Order(StringComparer.Ordinal));
    }

    /// <summary>Every dashboard panel on the page, and the "source unavailable since HH:MM:SS" notes among them.</summary>
    public ILocator Panels => Page.GetByTestId("dashboard-panel");

    public ILocator UnavailableNotes => Page.GetByTestId("panel-unavailable");

    public ILocator Heatmap(string service) =>
        Card(service).GetByRole(AriaRole.Img, new() { Name = $"{service} latency heatmap", Exact = true });

    /// <summary>ApexCharts draws one rect per heatmap cell, with the cell's request count in <c>val</c>.</summary>
    public ILocator HeatmapCells(string service) => Heatmap(service).Locator("rect.apexcharts-heatmap-rect");

    public ILocator BusyHeatmapCells(string service) => Heatmap(service).Locator("rect.apexcharts-heatmap-rect:not([val='0'])");

    /// <summary>The values of every heatmap cell, in drawing order, as one comparable string.</summary>
    public async Task<string> HeatmapValuesAsync(string service) =>
        string.Join(',', await HeatmapCells(service).EvaluateAllAsync<string[]>("cells => cells.map(c => c.getAttribute('val'))"));

    /// <summary>A stat panel on a card (p50, p95, p99, req/s, errors), located by the label under its value.</summary>
    public ILocator Stat(string service, string label) =>
        Card(service).GetByTestId("panel-stat")
            .Filter(new() { Has = Page.Locator(".dash-stat-label").GetByText(label, new() { Exact = true }) })
            .Locator(".dash-stat-value");

    /// <summary>A dashboard panel, located by its title (the section's accessible name).</summary>
    public ILocator Panel(string title) => Page.GetByTestId("dashboard-panel").And(Page.GetByLabel(title, new() { Exact = true }));

    /// <summary>A latency stat in seconds ("370.5 ms", "4.86 s"), or null while it shows "–".</summary>
    public async Task<double?> SecondsAsync(string service, string label)
    {
        var text = (await Stat(service, label).InnerTextAsync()).Trim();
        return text.EndsWith(" ms", StringComparison.Ordinal) ? Parse(text[..^3]) / 1000
            : text.EndsWith(" s", StringComparison.Ordinal) ? Parse(text[..^2])
            : null;

        static double Parse(string number) => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// From the next page load on, every ApexCharts chart takes <paramref name="delay"/> longer to draw the first
    /// time: what a slow or busy browser does to a heatmap, made the same on every machine.
    /// </summary>
    public Task DelayFirstChartDrawsAsync(TimeSpan delay) => Page.AddInitScriptAsync($$"""
        (() => {
            let apexCharts;
            Object.defineProperty(window, "ApexCharts", {
                configurable: true,
                get: () => apexCharts,
                set: value => {
                    const render = value.prototype.render;
                    value.prototype.render = function (...args) {
                        return new Promise(resolve => setTimeout(resolve, {{(int)delay.TotalMilliseconds}}))
                            .then(() => render.apply(this, args));
                    };
                    apexCharts = value;
                },
            });
        })();
        """);

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
