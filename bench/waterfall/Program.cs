using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using HmsOps.Bench.Ingest;
using HmsOps.Bench.Waterfall;
using Microsoft.Playwright;

var urlOption = BenchCli.UrlOption(5197);
var keyOption = new Option<string>("--api-key") { Description = "An Ingest:ApiKeys key of the console", DefaultValueFactory = _ => "bench-ingest-key" };
var sizesOption = new Option<int[]>("--sizes") { Description = "Span counts of the traces to open", DefaultValueFactory = _ => [10_000, 50_000], AllowMultipleArgumentsPerToken = true };
var runsOption = new Option<int>("--runs") { Description = "Measured page loads per size (one unmeasured first)", DefaultValueFactory = _ => 5 };
var targetOption = new Option<double>("--target-ms") { Description = "Time-to-interactive target for the 10,000-span trace", DefaultValueFactory = _ => 2000 };
var userOption = new Option<string>("--user") { Description = "A console user to sign in as (pages need sign-in)", DefaultValueFactory = _ => "viewer" };
var passwordOption = new Option<string>("--password") { Description = "Its password (or HMSOPS_BENCH_PASSWORD; default: the demo viewer's)", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HMSOPS_BENCH_PASSWORD") ?? "demo-viewer-pass" };
var screenshotOption = new Option<string?>("--screenshot") { Description = "Save a PNG of each size's waterfall (span details open) under this path prefix" };
runsOption.MustBeAtLeast(1);

var root = new RootCommand("Trace waterfall time-to-interactive in headless Chromium: a large trace is ingested, then /traces/{id} is opened in fresh browser contexts")
{
    urlOption, keyOption, sizesOption, runsOption, targetOption, screenshotOption, userOption, passwordOption,
};
root.SetAction(async (result, cancellationToken) =>
{
    var (url, key, sizes, runs, target) = (result.GetValue(urlOption)!, result.GetValue(keyOption)!, result.GetValue(sizesOption)!,
        result.GetValue(runsOption), result.GetValue(targetOption));
    var screenshot = result.GetValue(screenshotOption);
    using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
    client.DefaultRequestHeaders.Add("X-Api-Key", key);
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    // Signed in once; every measured context starts from that cookie, so sign-in is not part of the timings.
    var signedIn = await SignInAsync(browser, url, result.GetValue(userOption)!, result.GetValue(passwordOption)!);

    Console.WriteLine("# Trace waterfall time-to-interactive");
    Console.WriteLine();
    Console.WriteLine($"- {MachineInfo.Describe()}");
    Console.WriteLine($"- console {url}, headless Chromium (/usr/bin/chromium) 1280×800, {runs} measured loads per size after one unmeasured");
    Console.WriteLine("- time-to-interactive: from navigation start to the Blazor circuit being interactive and the first waterfall rows of the");
    Console.WriteLine("  whole trace drawn; then collapse: a click on the root's toggle until the waterfall shows one row.");
    Console.WriteLine();
    // The same page for a trace the store does not have: what loading the page and starting the circuit cost alone.
    var baseline = new List<double>();
    for (var run = 0; run <= runs; run++)
    {
        var empty = await TimeToAsync(browser, signedIn, url, $"/traces/{Guid.NewGuid():N}",
            "() => document.querySelector('[data-interactive=true]') && document.body.innerText.includes('(404)')", cancellationToken);
        if (run > 0 && empty is { } ms)
        {
            baseline.Add(ms);
        }
    }
    baseline.Sort();
    Console.WriteLine("| spans | ingest | TTI p50 | TTI max | collapse p50 | DOM rows | result |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---|");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| 0 (unknown id: page and circuit only) | – | {(baseline.Count > 0 ? baseline[baseline.Count / 2] : double.NaN):0} ms | {(baseline.Count > 0 ? baseline[^1] : double.NaN):0} ms | – | 0 | baseline |"));
    var exit = 0;
    foreach (var size in sizes)
    {
        var traceId = Guid.NewGuid().ToString("N");
        var ingest = Stopwatch.StartNew();
        var spans = BenchTrace.Spans(traceId, size, DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds());
        foreach (var batch in spans.Chunk(2_000))
        {
            using var response = await client.PostAsJsonAsync("/ingest", batch, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"bench waterfall: ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                return 2;
            }
        }
        var ingestTime = ingest.Elapsed;
        var tti = new List<double>();
        var collapse = new List<double>();
        var domRows = 0;
        for (var run = 0; run <= runs; run++)
        {
            var measured = await OpenAsync(browser, signedIn, url, traceId, size, waitForAllStored: run == 0,
                run == 0 && screenshot is not null ? $"{screenshot}-{size}.png" : null, cancellationToken);
            if (measured is null)
            {
                Console.Error.WriteLine($"bench waterfall: the {size}-span trace did not show all its spans");
                return 2;
            }
            if (run > 0)
            {
                tti.Add(measured.Value.Tti);
                collapse.Add(measured.Value.Collapse);
                domRows = measured.Value.DomRows;
            }
        }
        tti.Sort();
        collapse.Sort();
        var p50 = tti[tti.Count / 2];
        var met = size > 10_000 || tti[^1] <= target;
        exit = met ? exit : 3;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {size:N0} | {ingestTime.TotalSeconds:0.0} s | {p50:0} ms | {tti[^1]:0} ms | {collapse[collapse.Count / 2]:0} ms | {domRows} | {(size > 10_000 ? "usable (no target)" : met ? $"met (≤ {target:0} ms)" : $"MISSED (> {target:0} ms)")} |"));
    }
    return exit;
});
return await root.Parse(args).InvokeAsync();

// The login page's form, filled as a person does; returns the context's cookies for the measured contexts.
static async Task<string> SignInAsync(IBrowser browser, Uri url, string user, string password)
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url.ToString() });
    var page = await context.NewPageAsync();
    await page.GotoAsync("/login");
    await page.GetByLabel("User name").FillAsync(user);
    await page.GetByLabel("Password").FillAsync(password);
    await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal), new() { Timeout = 30_000 });
    return await context.StorageStateAsync();
}

// Milliseconds from navigation start until the page-side condition holds, in a fresh context; null if it never does.
static async Task<double?> TimeToAsync(IBrowser browser, string signedIn, Uri url, string path, string condition, CancellationToken cancellationToken)
{
    cancellationToken.ThrowIfCancellationRequested();
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url.ToString(), StorageState = signedIn, ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
    var page = await context.NewPageAsync();
    await page.GotoAsync(path);
    try
    {
        await page.WaitForFunctionAsync(condition, null, new() { Timeout = 60_000 });
    }
    catch (TimeoutException)
    {
        return null;
    }
    return await page.EvaluateAsync<double>("() => performance.now()");
}

// One page load in a fresh context. The unmeasured first load also waits (reloading) until the store has every span.
static async Task<(double Tti, double Collapse, int DomRows)?> OpenAsync(IBrowser browser, string signedIn, Uri url, string traceId, int size, bool waitForAllStored,
    string? screenshot, CancellationToken cancellationToken)
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url.ToString(), StorageState = signedIn, ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
    var page = await context.NewPageAsync();
    var ready = $"() => document.querySelector('[data-interactive=true]') && document.querySelector(\".wf[data-row-count='{size}'] .wf-row\")";
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
    while (true)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await page.GotoAsync($"/traces/{traceId}");
        try
        {
            await page.WaitForFunctionAsync(ready, null, new() { Timeout = 60_000, PollingInterval = null });
            break;
        }
        catch (TimeoutException) when (waitForAllStored && DateTime.UtcNow < deadline)
        {
            // Not all spans stored yet: load again.
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
    // performance.now() counts from navigation start; polling on animation frames stops the clock within a frame.
    var tti = await page.EvaluateAsync<double>("() => performance.now()");
    var domRows = await page.Locator(".wf-row").CountAsync();
    if (screenshot is not null)
    {
        await page.Locator(".wf-row .wf-name").Nth(3).ClickAsync();
        await page.Locator("[aria-label='Span details']").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = screenshot });
    }
    var root = page.Locator(".wf-row").First.Locator("button.wf-toggle");
    var clicked = Stopwatch.StartNew();
    await root.ClickAsync();
    await page.WaitForFunctionAsync("() => document.querySelector(\".wf[data-row-count='1']\")", null, new() { Timeout = 60_000 });
    return (tti, clicked.Elapsed.TotalMilliseconds, domRows);
}
