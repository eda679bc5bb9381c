using HmsOps.Tests.Shared;
using Microsoft.Playwright;

namespace HmsOps.EndToEnd.Tests;

/// <summary>
/// The seed's exercise in the embedded default: the shipped rules with only ACHLatencyHigh's timings shortened
/// (see <see cref="ShortenForTest"/>), the shipped runbooks, and PagerDuty on loopback behind the default route.
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

    /// <summary>
    /// Only the timings change: ACHLatencyHigh's <c>for</c> (3m → 20s) and rate window ([5m] → [20s], so the p95 falls
    /// within seconds of the rollback instead of minutes), and the group interval (30s → 2s). The expression's shape,
    /// labels and annotations stay the seed's, verbatim.
    /// </summary>
    public static string ShortenForTest(string shipped)
    {
        const string SeedFor = "        for: 3m\n";
        const string SeedExpr = "histogram_quantile(0.95, rate(hms_ach_latency_seconds_bucket[5m])) > 5";
        var at = shipped.IndexOf("- alert: ACHLatencyHigh", StringComparison.Ordinal);
        var exprAt = at < 0 ? -1 : shipped.IndexOf(SeedExpr, at, StringComparison.Ordinal);
        var forAt = at < 0 ? -1 : shipped.IndexOf(SeedFor, at, StringComparison.Ordinal);
        if (exprAt < 0 || forAt < exprAt || !shipped.Contains("    interval: 30s\n", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                "rules/demo-fleet.yaml no longer has ACHLatencyHigh with a [5m] p95 expression and for: 3m in a 30s group");
        }
        var shortenedExpr = SeedExpr.Replace("[5m]", "[20s]", StringComparison.Ordinal);
        return (shipped[..exprAt] + shortenedExpr + shipped[(exprAt + SeedExpr.Length)..forAt] + "        for: 20s\n"
                + shipped[(forAt + SeedFor.Length)..])
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
