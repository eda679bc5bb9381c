using HmsOps.Tests.Shared;
using Microsoft.Playwright;

// Each test class starts its own console and browser; run one class at a time so the console's demo
// traffic and the browser's drawing do not compete with another class's for the CPU.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace HmsOps.EndToEnd.Tests;

/// <summary>
/// One real console (demo fleet on, fast traffic, 5 s heatmap steps) and one headless Debian Chromium per test class.
/// Each test opens its own browser context, so localStorage and the viewport never leak between tests.
/// </summary>
public sealed class ConsoleBrowserFixture : IAsyncLifetime
{
    public const string EnvironmentName = "E2E-STAGING";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ConsoleBrowserFixture()
    {
        DashboardsPath = TestDashboards.CreateFolder();
        Console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Console:EnvironmentName"] = EnvironmentName,
            ["Demo:Enabled"] = "true",
            ["Demo:RequestsPerSecond"] = "40",
            ["Dashboards:Path"] = DashboardsPath,
        });
    }

    public ConsoleProcess Console { get; }

    /// <summary>The shipped dashboards plus the Grafana fixture and the tests' own, in a temp folder the console reads.</summary>
    public string DashboardsPath { get; }

    public async Task InitializeAsync()
    {
        await Console.StartAndWaitUntilReadyAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the fixture is not initialised");

    /// <summary>A fresh browser context at <paramref name="path"/>, returned once the Blazor circuit is interactive.</summary>
    public Task<ConsolePage> OpenAsync(string path = "/", int width = 1280, int height = 720, string user = TestUsers.Lead1)
    {
        var browser = _browser ?? throw new InvalidOperationException("the fixture is not initialised");
        return HeadlessChromium.OpenAsync(browser, Console.BaseUrl, path, width, height, user);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        await Console.DisposeAsync();
        Directory.Delete(DashboardsPath, recursive: true);
    }
}
