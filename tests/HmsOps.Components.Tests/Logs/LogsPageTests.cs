using Bunit;
using HmsOps.Core.Demo;
using HmsOps.Core.Logs;
using HmsOps.Core.Radar;
using HmsOps.Core.Telemetry;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using LogsPage = HmsOps.Console.Components.Pages.Logs;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Components.Tests.Logs;

public sealed class LogsPageTests : MudComponentTest
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    private readonly FakeLogReader _reader = new();

    public LogsPageTests()
    {
        Ctx.Services.AddSingleton<ILogReader>(_reader);
        Ctx.Services.AddSingleton(new RadarOptions());
        Ctx.Services.AddSingleton(new DemoOptions());
    }

    private NavigationManager Navigation => Ctx.Services.GetRequiredService<NavigationManager>();

    private long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    private StoredLog AddLog(string message, string service = "ach-svc", LogLevel level = LogLevel.Info, string? traceId = null,
        string fields = "{}", long? timestampMs = null) =>
        _reader.Add(new LogEvent(timestampMs ?? NowMs, level, message, service, traceId, null, fields));

    private IRenderedComponent<LogsPage> RenderAt(string relativeUri)
    {
        Navigation.NavigateTo(relativeUri);
        return Ctx.Render<LogsPage>();
    }

    private static string[] Messages(IRenderedComponent<LogsPage> page) =>
        page.FindAll("[data-testid='log-row'] .log-message").Select(c => c.TextContent.Trim()).ToArray();

    [Fact]
    public void The_url_filters_become_the_search_and_results_show_newest_first()
    {
        AddLog("rail timeout A-17", level: LogLevel.Error, fields: """{"orderId":"A-17"}""");
        AddLog("rail timeout A-18", level: LogLevel.Error, fields: """{"orderId":"A-18"}""");
        AddLog("an old rail timeout", level: LogLevel.Error, fields: """{"orderId":"A-17"}""", timestampMs: NowMs - 3_600_000);
        AddLog("rail ok", fields: """{"orderId":"A-17"}""");

        var page = RenderAt("logs?service=ach-svc&level=error&range=15m&q=orderId%3DA-17%20rail");

        var query = _reader.Queries.Last();
        Assert.Equal(["ach-svc"], query.Services);
        Assert.Equal([LogLevel.Error], query.Levels);
        Assert.Equal([new KeyValuePair<string, string>("orderId", "A-17")], query.Fields);
        Assert.Equal("rail", query.Text);
        Assert.Equal(Time.GetUtcNow().AddMinutes(-15), query.From);
        Assert.Equal(["rail timeout A-17"], Messages(page));
    }

    [Fact]
    public void A_search_typed_in_the_box_goes_into_the_url_and_the_link_reproduces_the_view()
    {
        AddLog("payment declined", service: "claims-api", level: LogLevel.Warn);
        AddLog("payment accepted", service: "claims-api");
        var page = RenderAt("logs?range=6h");

        page.Find("input[aria-label='Search logs']").Input("level:warn payment");
        page.Find("input[aria-label='Search logs']").KeyUp("Enter");

        var uri = new Uri(Navigation.Uri);
        Assert.Contains("q=level%3Awarn%20payment", uri.Query, StringComparison.Ordinal);
        Assert.Contains("range=6h", uri.Query, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(["payment declined"], Messages(page)));

        // The same link, opened afresh, shows the same logs.
        var again = RenderAt(Navigation.ToBaseRelativePath(Navigation.Uri));
        Assert.Equal(["payment declined"], Messages(again));
        Assert.Equal("level:warn payment", again.Find("input[aria-label='Search logs']").GetAttribute("value"));
    }

    [Fact]
    public void An_invalid_filter_shows_the_reason_under_the_box_and_does_not_search()
    {
        AddLog("anything");
        var page = RenderAt("logs");
        var before = Navigation.Uri;
        var queries = _reader.Queries.Count;

        page.Find("input[aria-label='Search logs']").Input("level:loud");
        page.Find("input[aria-label='Search logs']").KeyUp("Enter");

        Assert.Contains("unknown level 'loud'", page.Markup, StringComparison.Ordinal);
        Assert.Equal(before, Navigation.Uri);
        Assert.Equal(queries, _reader.Queries.Count);
    }

    [Fact]
    public void A_link_with_an_invalid_filter_shows_the_error_instead_of_logs()
    {
        AddLog("anything");

        var page = RenderAt("logs?q=trace%3A12345");

        Assert.Contains("is not a trace id", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='log-row']"));
        Assert.Empty(_reader.Queries);
    }

    [Fact]
    public void A_trace_id_in_a_log_links_to_the_trace_view_and_fields_expand()
    {
        AddLog("handled", traceId: TraceId, fields: """{"route":"/claims","durationMs":12.5}""");

        var page = RenderAt("logs");

        Assert.Equal($"/traces/{TraceId}", page.Find("[data-testid='log-row'] .log-trace a").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid='log-fields']"));
        page.Find("button[aria-label='Show fields']").Click();
        var fields = page.Find("[data-testid='log-fields']").TextContent;
        Assert.Contains("/claims", fields, StringComparison.Ordinal);
        Assert.Contains("12.5", fields, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_tail_appends_new_logs_at_the_top()
    {
        RenderInteractively();
        AddLog("first");
        var page = RenderAt("logs?live=1");
        Assert.Equal(["first"], Messages(page));

        AddLog("second");
        _reader.Notify();

        page.WaitForAssertion(() => Assert.Equal(["second", "first"], Messages(page)), TimeSpan.FromSeconds(10));
        Assert.Contains("following new logs", page.Find("[role='status']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_tail_pauses_while_scrolled_away_and_jumps_back_on_request()
    {
        RenderInteractively();
        AddLog("first");
        var page = RenderAt("logs?live=1");

        await page.InvokeAsync(() => page.Instance.OnScrolled(atTop: false));
        AddLog("second");
        AddLog("third");
        _reader.Notify();

        page.WaitForAssertion(() => Assert.Contains("paused — 2 new", page.Find("[data-testid='logs-paused']").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Equal(["first"], Messages(page));

        page.FindAll("[data-testid='logs-paused'] button").Single(b => b.TextContent.Contains("Jump to newest", StringComparison.Ordinal)).Click();

        Assert.Equal(["third", "second", "first"], Messages(page));
        Assert.Empty(page.FindAll("[data-testid='logs-paused']"));
    }

    [Fact]
    public void Without_live_tail_new_logs_wait_for_the_next_search()
    {
        RenderInteractively();
        AddLog("first");
        var page = RenderAt("logs");
        var queries = _reader.Queries.Count;

        AddLog("second");
        _reader.Notify();

        Assert.Equal(["first"], Messages(page));
        Assert.Equal(queries, _reader.Queries.Count);
    }

    [Fact]
    public void Older_logs_load_page_by_page_until_none_are_left()
    {
        for (var i = 0; i < LogsPage.PageSize + 30; i++)
        {
            AddLog($"line {i}", timestampMs: NowMs - 1_000 + i);
        }

        var page = RenderAt("logs");
        Assert.Equal(LogsPage.PageSize, Messages(page).Length);

        page.FindAll("button").Single(b => b.TextContent.Contains("Load older", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Equal(LogsPage.PageSize + 30, Messages(page).Length));
        Assert.Equal("line 0", Messages(page)[^1]);
        Assert.Contains("No older logs match.", page.Find("[data-testid='logs-end']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_keeps_at_most_2000_rows_and_says_how_many_live_tail_dropped()
    {
        RenderInteractively();
        for (var i = 0; i < LogsPage.MaxRows + 50; i++)
        {
            AddLog($"line {i}");
        }
        var page = RenderAt("logs?live=1");
        while (page.FindAll("button").FirstOrDefault(b => b.TextContent.Contains("Load older", StringComparison.Ordinal)) is { } more)
        {
            more.Click();
        }
        Assert.Equal(LogsPage.MaxRows, Messages(page).Length);
        Assert.Contains("at most 2,000 logs", page.Find("[data-testid='logs-end']").TextContent, StringComparison.Ordinal);

        AddLog("newest one");
        AddLog("newest two");
        _reader.Notify();

        page.WaitForAssertion(() => Assert.Equal("newest two", Messages(page)[0]), TimeSpan.FromSeconds(10));
        Assert.Equal(LogsPage.MaxRows, Messages(page).Length);
        Assert.Contains("2 older logs were dropped", page.Find("[data-testid='logs-dropped']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_read_from_the_archive_say_so()
    {
        _reader.FromArchive = true;
        AddLog("old", timestampMs: NowMs - 1_000);

        var page = RenderAt("logs?range=all");

        Assert.Contains("archive", page.Find("[data-testid='logs-from-archive']").TextContent, StringComparison.Ordinal);
        Assert.Null(_reader.Queries.Last().From);
    }
}
