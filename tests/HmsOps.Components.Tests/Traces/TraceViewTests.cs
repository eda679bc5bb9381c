using AngleSharp.Dom;
using Bunit;
using HmsOps.Console.Components.Pages;
using HmsOps.Core.Logs;
using HmsOps.Core.Traces;
using HmsOps.Core.Traces.Waterfall;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static HmsOps.Components.Tests.Traces.TraceSamples;

namespace HmsOps.Components.Tests.Traces;

public sealed class TraceViewTests : MudComponentTest
{
    private readonly FakeTelemetryReader _reader = new();

    public TraceViewTests()
    {
        Ctx.Services.AddSingleton<ITraceReader>(_reader);
        Ctx.Services.AddSingleton<ILogReader>(_reader);
        Ctx.Services.AddSingleton(new TracePrefetch(_reader, Time));
    }

    private bool _interactive;

    private IRenderedComponent<TraceView> Open(string id, string query = "")
    {
        if (!_interactive)
        {
            RenderInteractively();
            _interactive = true;
        }
        return OpenAsRendered(id, query);
    }

    private IRenderedComponent<TraceView> OpenAsRendered(string id, string query = "")
    {
        Ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("traces/" + id + query);
        return Ctx.Render<TraceView>(p => p.Add(v => v.TraceIdText, id));
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<TraceView> page) => page.FindAll(".wf-row");

    private static string[] RowIds(IRenderedComponent<TraceView> page) => [.. Rows(page).Select(r => r.GetAttribute("data-span-id")!)];

    private static IElement Row(IRenderedComponent<TraceView> page, string spanId) => page.Find($".wf-row[data-span-id='{spanId}']");

    [Fact]
    public void The_waterfall_shows_every_hop_with_services_critical_path_and_the_failed_span_marked()
    {
        // The audit write runs beside the database call and finishes first: nobody waited on it.
        _reader.Spans.AddRange([.. Checkout(), Span("a000000000000005", Api, 20_000, 10_000, "audit-svc", "write audit")]);

        var page = Open(TraceId);

        Assert.Equal([Root, Api, Cache, Db, "a000000000000005"], RowIds(page));
        Assert.Equal(["audit-svc", "checkout-api", "orders-db", "web"], page.FindAll(".trace-legend > span").Take(4).Select(s => s.TextContent.Trim()));
        Assert.Equal("true", Row(page, Db).GetAttribute("data-critical"));
        Assert.Equal("true", Row(page, Cache).GetAttribute("data-critical"));
        Assert.Equal("false", Row(page, "a000000000000005").GetAttribute("data-critical"));
        Assert.NotEmpty(Row(page, Db).QuerySelectorAll(".wf-critical"));
        Assert.NotNull(Row(page, Db).QuerySelector("[aria-label='error']"));
        Assert.Null(Row(page, Api).QuerySelector("[aria-label='error']"));
        Assert.Equal("left:10%;width:80%", Row(page, Db).QuerySelector(".wf-bar")!.GetAttribute("style"));
        Assert.Equal("5", page.Find("[aria-label='Span count']").TextContent);
        Assert.Equal("1", page.Find("[aria-label='Error count']").TextContent);
        Assert.Equal("100ms", page.Find("[aria-label='Trace duration']").TextContent);
        Assert.Empty(page.FindAll("[aria-label='From archive']"));
    }

    [Fact]
    public void A_uuid_form_id_opens_the_same_trace_and_an_archived_one_says_it_is_slower()
    {
        _reader.Spans.AddRange(Checkout());
        _reader.FromArchive = true;

        var page = Open("4bf92f35-77b3-4da6-a3ce-929d0e0e4736");

        Assert.Equal(4, Rows(page).Count);
        Assert.Contains("from archive (slower)", page.Find("[aria-label='From archive']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_id_is_a_400_state_and_an_unknown_one_a_404_state_that_fills_in_when_spans_arrive()
    {
        var bad = Open("not-a-trace");
        Assert.Contains("(400)", bad.Find("[role='alert']").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, _reader.Subscribers);

        var unknown = Open(TraceId);
        Assert.Contains("(404)", unknown.Find("[role='status']").TextContent, StringComparison.Ordinal);

        unknown.InvokeAsync(() => _reader.StoreAsync(Checkout()));

        unknown.WaitForAssertion(() => Assert.Equal(4, Rows(unknown).Count));
    }

    [Fact]
    public void The_prerender_starts_reading_the_trace_for_the_interactive_render_and_shows_it_loading()
    {
        _reader.Spans.AddRange(Checkout());

        var page = OpenAsRendered(TraceId);

        Assert.Equal(1, Ctx.Services.GetRequiredService<TracePrefetch>().Count);
        Assert.NotNull(page.Find("[aria-label='Loading trace']"));
        Assert.Empty(Rows(page));
    }

    [Fact]
    public void Collapsing_a_span_hides_its_descendants_and_expanding_brings_them_back()
    {
        _reader.Spans.AddRange(Checkout());
        var page = Open(TraceId);

        page.Find("button[aria-label='Collapse checkout-api POST /orders']").Click();

        Assert.Equal([Root, Api], RowIds(page));
        Assert.Equal("+2", Row(page, Api).QuerySelector(".wf-hidden-count")!.TextContent);

        page.Find("button[aria-label='Expand checkout-api POST /orders']").Click();

        Assert.Equal([Root, Api, Cache, Db], RowIds(page));
    }

    [Fact]
    public void Clicking_a_span_opens_its_attributes_events_links_resource_scope_kind_and_status()
    {
        _reader.Spans.AddRange(Checkout());
        var page = Open(TraceId);

        page.Find("[aria-label='Details of checkout-api POST /orders']").Click();

        var panel = page.Find("[aria-label='Span details']");
        Assert.Equal("true", Row(page, Api).GetAttribute("aria-selected"));
        Assert.Contains("checkout-api · POST /orders", panel.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        var attributes = panel.QuerySelector("dl[aria-label='Attributes']")!.TextContent;
        Assert.Contains("http.route", attributes, StringComparison.Ordinal);
        Assert.Contains("/orders", attributes, StringComparison.Ordinal);
        Assert.Contains("retry", panel.TextContent, StringComparison.Ordinal);
        Assert.Contains("+55ms", panel.TextContent, StringComparison.Ordinal);
        Assert.Equal($"traces/{OtherTraceId}?span=b7ad6b7169203331", panel.QuerySelector($"a[href^='traces/{OtherTraceId}']")!.GetAttribute("href"));
        Assert.Contains("api-7", panel.QuerySelector("dl[aria-label='Resource']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Microsoft.AspNetCore 10.0.0", panel.TextContent, StringComparison.Ordinal);
        Assert.Contains("server", panel.TextContent, StringComparison.Ordinal);

        page.Find("[aria-label='Details of orders-db INSERT orders']").Click();

        Assert.Contains("error: deadlock victim", page.Find("[aria-label='Span details']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_span_named_in_the_link_opens_selected()
    {
        _reader.Spans.AddRange(Checkout());

        var page = Open(TraceId, "?span=" + Db);

        Assert.Equal("true", Row(page, Db).GetAttribute("aria-selected"));
        Assert.Contains("orders-db · INSERT orders", page.Find("[aria-label='Span details'] h2").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_to_another_span_of_the_same_trace_selects_it_without_reloading()
    {
        _reader.Spans.AddRange(Checkout());
        var page = Open(TraceId, "?span=" + Db);

        page.InvokeAsync(() => Ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"traces/{TraceId}?span={Cache}"));

        page.WaitForAssertion(() => Assert.Equal("true", Row(page, Cache).GetAttribute("aria-selected")));
        Assert.Equal("false", Row(page, Db).GetAttribute("aria-selected"));
    }

    [Fact]
    public async Task The_filter_narrows_the_rows_to_matching_spans_and_their_ancestors()
    {
        _reader.Spans.AddRange(Checkout());
        var page = Open(TraceId);
        var filter = page.FindComponent<MudTextField<string>>();

        await page.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync("service=orders-db"));

        Assert.Equal([Root, Api, Db], RowIds(page));
        Assert.Contains("wf-context", Row(page, Api).ClassName, StringComparison.Ordinal);
        Assert.Equal("1 of 4 spans match", page.Find("[aria-label='Filter matches']").TextContent.Trim());

        await page.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync("http.response.status_code=500"));

        Assert.Equal([Root, Api], RowIds(page));

        await page.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync(""));

        Assert.Equal(4, Rows(page).Count);
    }

    [Fact]
    public async Task A_late_span_is_stitched_in_live_keeping_what_the_user_collapsed_and_selected()
    {
        _reader.Spans.AddRange(Checkout());
        var page = Open(TraceId);
        page.Find("button[aria-label='Collapse checkout-api POST /orders']").Click();
        page.Find("[aria-label='Details of web GET /checkout']").Click();

        await page.InvokeAsync(() => _reader.StoreAsync(Span("a000000000000009", Root, 96_000, 3_000, "email-svc", "send receipt")));

        page.WaitForAssertion(() => Assert.Equal([Root, Api, "a000000000000009"], RowIds(page)));
        Assert.Equal("true", Row(page, Root).GetAttribute("aria-selected"));
        Assert.Equal("5", page.Find("[aria-label='Span count']").TextContent);
        Assert.Contains("email-svc", page.Find(".trace-legend").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Spans_whose_parent_has_not_arrived_hang_under_a_placeholder()
    {
        _reader.Spans.AddRange(Checkout().Where(s => s.SpanId != Api));

        var page = Open(TraceId);

        Assert.Equal([Root, "missing:" + Api, Cache, Db], RowIds(page));
        Assert.Equal("missing span " + Api, Row(page, "missing:" + Api).QuerySelector(".wf-name")!.TextContent);
        Assert.Equal("padding-left:14px", Row(page, Db).QuerySelector(".wf-label")!.GetAttribute("style"));
    }

    [Fact]
    public void The_traces_logs_are_listed_beside_it_newest_first_linking_to_the_logs_page()
    {
        _reader.Spans.AddRange(Checkout());
        _reader.AddLog(1, "checkout-api", "order received", TraceId, Api);
        _reader.AddLog(2, "orders-db", "deadlock detected", TraceId, Db, HmsOps.Core.Telemetry.LogLevel.Error);
        _reader.AddLog(3, "other", "unrelated", OtherTraceId);
        var page = Open(TraceId);

        var logs = page.Find("[aria-label='Logs of this trace']");

        Assert.Equal(["Error log from orders-db", "Info log from checkout-api"], logs.QuerySelectorAll("[role='article']").Select(a => a.GetAttribute("aria-label")));
        Assert.Equal("logs?traceId=" + TraceId, logs.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Copy_span_summary_puts_service_operation_duration_status_and_key_attributes_on_the_clipboard()
    {
        _reader.Spans.AddRange(Checkout());
        var module = Ctx.JSInterop.SetupModule("./js/traces.js");
        module.Setup<bool>("copyText", _ => true).SetResult(true);
        var page = Open(TraceId);
        page.Find("[aria-label='Details of checkout-api POST /orders']").Click();

        page.FindAll("button").Single(b => b.TextContent.Contains("Copy span summary", StringComparison.Ordinal)).Click();

        var text = (string)module.VerifyInvoke("copyText").Arguments[0]!;
        Assert.StartsWith("checkout-api · POST /orders (server)", text, StringComparison.Ordinal);
        Assert.Contains("duration 90ms · status ok", text, StringComparison.Ordinal);
        Assert.Contains("http.response.status_code=500", text, StringComparison.Ordinal);

        page.FindAll("button").Single(b => b.TextContent.Contains("Copy link", StringComparison.Ordinal)).Click();

        Assert.EndsWith($"/traces/{TraceId}?span={Api}", (string)module.VerifyInvoke("copyText", 2)[1].Arguments[0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_the_page_stops_listening_for_late_spans()
    {
        _reader.Spans.AddRange(Checkout());
        Open(TraceId);
        Assert.Equal(1, _reader.Subscribers);

        await Ctx.DisposeComponentsAsync();

        Assert.Equal(0, _reader.Subscribers);
    }
}
