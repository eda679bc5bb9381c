using HmsOps.Tests.Shared;
using Microsoft.Playwright;

namespace HmsOps.EndToEnd.Tests;

/// <summary>
/// Issue 3's "done when" set-up: console A (embedded source, demo fleet on), a real Prometheus scraping A's
/// <c>/federate</c> every second with <c>honor_labels: true</c>, and console B reading only that Prometheus
/// (<c>Metrics:Source=Prometheus</c>, demo fleet off, so everything B shows came through Prometheus). One headless
/// Chromium opens pages on either console. Prometheus keeps its port and TSDB folder across a kill and restart.
/// </summary>
public sealed class FederatedConsolesFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public FederatedConsolesFixture()
    {
        DashboardsPath = TestDashboards.CreateFolder();
        Embedded = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "true",
            ["Demo:RequestsPerSecond"] = "40",
            ["Dashboards:Path"] = DashboardsPath,
        });
        Prometheus = new ScrapingPrometheus(_ => $$"""
              - job_name: console-a
                honor_labels: true
                metrics_path: /federate
                params:
                  'match[]': ['{__name__=~".+"}']
                static_configs:
                  - targets: ['127.0.0.1:{{Embedded.Port}}']
            """);
        ViaPrometheus = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Metrics:Source"] = "Prometheus",
            ["Metrics:Prometheus:BaseUrl"] = Prometheus.BaseUrl,
            // Short, so a dead Prometheus is reported within a refresh or two rather than after a long wait.
            ["Metrics:Prometheus:Timeout"] = "00:00:02",
            ["Dashboards:Path"] = DashboardsPath,
        });
    }

    /// <summary>Console A: the embedded store, fed by the demo fleet.</summary>
    public ConsoleProcess Embedded { get; }

    public ScrapingPrometheus Prometheus { get; }

    /// <summary>Console B: no data of its own, every query goes to <see cref="Prometheus"/>.</summary>
    public ConsoleProcess ViaPrometheus { get; }

    public string DashboardsPath { get; }

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Embedded.StartAndWaitUntilReadyAsync(), ViaPrometheus.StartAndWaitUntilReadyAsync());
        await Prometheus.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    public Task<ConsolePage> OpenAsync(ConsoleProcess console, string path = "/") =>
        HeadlessChromium.OpenAsync(_browser ?? throw new InvalidOperationException("the fixture is not initialised"), console.BaseUrl, path);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        await ViaPrometheus.DisposeAsync();
        await Prometheus.DisposeAsync();
        await Embedded.DisposeAsync();
        Directory.Delete(DashboardsPath, recursive: true);
    }
}
