using HmsOps.Core.Archive;
using HmsOps.Core.Storage;
using HmsOps.Core.Telemetry;
using HmsOps.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.EndToEnd.Tests.Traces;

/// <summary>
/// Issue 5's "done when": the OpenTelemetry SDK client's trace appears by id in the waterfall with all three services
/// and the critical path, its logs beside it; and a trace older than the hot window, moved to the archive, still opens.
/// One console serves both: its data folder is prepared with an archived day before it starts.
/// </summary>
public sealed class TracesDoneWhenTests : IAsyncLifetime
{
    private const float Timeout = 60_000;
    private const string ArchivedTraceId = "a4c41e0000000000000000000000cafe";

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "hmsops-e2e-archive-" + Guid.NewGuid().ToString("N"));
    private ConsoleProcess? _console;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        await ArchiveAnOldTraceAsync();
        _console = new ConsoleProcess(new Dictionary<string, string> { ["Demo:Enabled"] = "false" }, _dataPath);
        await _console.StartAndWaitUntilReadyAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_console is not null)
        {
            await _console.DisposeAsync();
        }
        Directory.Delete(_dataPath, recursive: true);
    }

    [Fact]
    public async Task The_sdk_clients_trace_shows_all_three_services_the_critical_path_and_its_logs()
    {
        var console = _console!;
        var sent = SdkCheckoutClient.Send(console.BaseUrl, ConsoleProcess.ApiKey);

        await using var page = await HeadlessChromium.OpenAsync(_browser!, console.BaseUrl, "/traces");
        await page.Page.GetByRole(AriaRole.Textbox, new() { Name = "Trace id" }).FillAsync(sent.TraceId);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Open trace" }).ClickAsync();

        var waterfall = page.Page.GetByRole(AriaRole.Grid, new() { Name = "Trace waterfall" });
        await Expect(waterfall.Locator(".wf-row")).ToHaveCountAsync(4, new() { Timeout = Timeout });
        var legend = page.Page.GetByLabel("Service colours");
        foreach (var service in new[] { "web-ui", "mesh", "payments-api" })
        {
            await Expect(legend).ToContainTextAsync(service);
        }
        // The slow, failing database call ends the chain of spans that set the trace's duration.
        foreach (var spanId in new[] { sent.WebSpanId, sent.MeshSpanId, sent.PaymentsSpanId, sent.DbSpanId })
        {
            await Expect(waterfall.Locator($".wf-row[data-span-id='{spanId}']")).ToHaveAttributeAsync("data-critical", "true");
        }
        var db = waterfall.Locator($".wf-row[data-span-id='{sent.DbSpanId}']");
        await Expect(db.GetByRole(AriaRole.Img, new() { Name = "error" })).ToBeVisibleAsync();

        var logs = page.Page.GetByRole(AriaRole.Region, new() { Name = "Logs of this trace" });
        await Expect(logs).ToContainTextAsync("Payment p-42 failed: lock timeout", new() { Timeout = Timeout });
        await Expect(logs).ToContainTextAsync("Charging payment p-42 for 125.5");
        Assert.Empty(page.BrowserErrors);
    }

    [Fact]
    public async Task A_trace_older_than_the_hot_window_opens_from_the_archive_with_its_logs()
    {
        await using var page = await HeadlessChromium.OpenAsync(_browser!, _console!.BaseUrl, $"/traces/{ArchivedTraceId}");

        var waterfall = page.Page.GetByRole(AriaRole.Grid, new() { Name = "Trace waterfall" });
        await Expect(waterfall.Locator(".wf-row")).ToHaveCountAsync(3, new() { Timeout = Timeout });
        await Expect(page.Page.GetByLabel("From archive")).ToBeVisibleAsync();
        var logs = page.Page.GetByRole(AriaRole.Region, new() { Name = "Logs of this trace" });
        await Expect(logs).ToContainTextAsync("rail settlement timed out", new() { Timeout = Timeout });
        await Expect(logs).ToContainTextAsync("Read from the archive");
        Assert.Empty(page.BrowserErrors);
    }

    /// <summary>A 40-day-old trace and its log, written to the hot store and then moved out by the archive job.</summary>
    private async Task ArchiveAnOldTraceAsync()
    {
        Directory.CreateDirectory(_dataPath);
        using var store = new SqliteTelemetryStore(Path.Combine(_dataPath, "telemetry.db"));
        var start = DateTimeOffset.UtcNow.AddDays(-40);
        var startUs = start.ToUnixTimeMilliseconds() * 1000;
        store.Write(0,
            [
                new LogEvent(start.AddMilliseconds(900).ToUnixTimeMilliseconds(), LogLevel.Error, "rail settlement timed out", "ach-svc",
                    ArchivedTraceId, "00000000000000c3", "{}"),
                // A recent log too: the archive keeps the newest row in the hot store (so row ids never restart).
                new LogEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), LogLevel.Info, "console data prepared", "e2e", null, null, "{}"),
            ],
            [
                new SpanEvent(ArchivedTraceId, "00000000000000a1", null, "api-gw", "POST /payments", startUs, 1_200_000, SpanStatus.Error, "{}"),
                new SpanEvent(ArchivedTraceId, "00000000000000b2", "00000000000000a1", "claims-api", "POST /claims/pay", startUs + 10_000, 1_150_000, SpanStatus.Error, "{}"),
                new SpanEvent(ArchivedTraceId, "00000000000000c3", "00000000000000b2", "ach-svc", "POST /ach/transfer", startUs + 20_000, 1_100_000, SpanStatus.Error, "{}"),
            ]);
        var archiver = new TelemetryArchiver(store, Path.Combine(_dataPath, "archive"), new RetentionOptions(), NullLogger<TelemetryArchiver>.Instance);
        var result = await archiver.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal((1L, 3L), (result.LogsArchived, result.SpansArchived));
        Assert.Equal((1L, 3L), (result.LogsDeleted, result.SpansDeleted));
        Assert.Empty(store.GetTrace(ArchivedTraceId));
    }
}
