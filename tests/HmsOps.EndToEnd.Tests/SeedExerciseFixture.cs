using HmsOps.Tests.Shared;
using Microsoft.Playwright;

namespace HmsOps.EndToEnd.Tests;

/// <summary>
/// The seed's exercise in the embedded default: the shipped rules with only ACHLatencyHigh's <c>for</c> (3m → 20s) and
/// the group interval (30s → 2s) shortened, the shipped runbooks, and PagerDuty on loopback behind the default route.
/// </summary>
public sealed class SeedExerciseFixture : IAsyncLifetime
{
    public const string RoutingKey = "e2e-routing-key-0123456789abcdef";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public SeedExerciseFixture()
    {
        RulesPath = Path.Combine(Path.GetTempPath(), "hmsops-e2e-rules-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(RulesPath);
        var shipped = File.ReadAllText(Path.Combine(ConsoleProcess.RepositoryRoot, "rules", "demo-fleet.yaml"));
        var shortened = ShortenForTest(shipped);
        File.WriteAllText(Path.Combine(RulesPath, "demo-fleet.yaml"), shortened);
    }

    public string RulesPath { get; }

    public ConsoleProcess Console { get; private set; } = null!;

    public PagerDutyLoopback PagerDuty { get; private set; } = null!;

    /// <summary>Only the timings change: the expression, labels and annotations stay the seed's, verbatim.</summary>
    public static string ShortenForTest(string shipped)
    {
        const string SeedFor = "        for: 3m\n";
        var at = shipped.IndexOf("- alert: ACHLatencyHigh", StringComparison.Ordinal);
        var forAt = shipped.IndexOf(SeedFor, at, StringComparison.Ordinal);
        if (at < 0 || forAt < 0 || !shipped.Contains("    interval: 30s\n", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("rules/demo-fleet.yaml no longer has ACHLatencyHigh with for: 3m in a 30s group");
        }
        return (shipped[..forAt] + "        for: 20s\n" + shipped[(forAt + SeedFor.Length)..])
            .Replace("    interval: 30s\n", "    interval: 2s\n", StringComparison.Ordinal);
    }

    public async Task InitializeAsync()
    {
        PagerDuty = await PagerDutyLoopback.StartAsync();
        Console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "true",
            ["Demo:RequestsPerSecond"] = "40",
            ["Alerting:Rules:Directory"] = RulesPath,
            ["Alerting:EvaluationInterval"] = "00:00:02",
            ["Notifications:Route:GroupWait"] = "00:00:01",
            ["Notifications:Route:GroupInterval"] = "00:00:02",
            ["Notifications:Route:RepeatInterval"] = "04:00:00",
            ["Notifications:Receivers:1:PagerDutyConfigs:0:RoutingKey"] = RoutingKey,
            ["Notifications:Receivers:1:PagerDutyConfigs:0:Url"] = PagerDuty.Url,
        });
        await Console.StartAndWaitUntilReadyAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    public Task<ConsolePage> OpenAsync(string path = "/", int width = 1440, int height = 900, string user = TestUsers.Lead1)
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
        await PagerDuty.DisposeAsync();
        Directory.Delete(RulesPath, recursive: true);
    }
}
