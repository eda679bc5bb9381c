using Bunit;
using HmsOps.Console.Components.Controls.Traces;
using HmsOps.Core.Logs;
using HmsOps.Core.Traces;
using HmsOps.Core.Traces.Waterfall;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static HmsOps.Components.Tests.Traces.TraceSamples;

namespace HmsOps.Components.Tests.Traces;

public sealed class TracesPageTests : MudComponentTest
{
    private readonly FakeTelemetryReader _reader = new();

    public TracesPageTests()
    {
        Ctx.Services.AddSingleton<ITraceReader>(_reader);
        Ctx.Services.AddSingleton<ILogReader>(_reader);
        Ctx.Services.AddSingleton(new TracePrefetch(_reader, Time));
        RenderInteractively();
    }

    private NavigationManager Navigation => Ctx.Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<Console.Components.Pages.Traces> RenderPage(string uri = "traces")
    {
        Navigation.NavigateTo(uri);
        return Ctx.Render<Console.Components.Pages.Traces>();
    }

    [Fact]
    public void The_filter_in_the_url_is_the_search_and_results_show_start_duration_spans_services_and_errors()
    {
        _reader.Summaries.Add(new TraceSummary(TraceId, T0, 1_520_000, 12, ["checkout-api", "orders-db", "web"], 2, "web", "GET /checkout"));
        _reader.Summaries.Add(new TraceSummary(OtherTraceId, T0 + 5_000_000, 40_000, 3, ["web"], 0, "web", "GET /"));

        var page = RenderPage("traces?service=checkout-api&operation=POST%20%2Forders&minDurationMs=250&error=true&range=24h");

        var query = Assert.Single(_reader.Searches);
        Assert.Equal("checkout-api", query.Service);
        Assert.Equal("POST /orders", query.Operation);
        Assert.Equal(250_000, query.MinDurationMicros);
        Assert.True(query.ErrorsOnly);
        Assert.Equal(TimeSpan.FromHours(24), query.End - query.Start);
        Assert.Equal(Time.GetUtcNow(), query.End);
        var rows = page.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        var first = rows[0];
        Assert.Equal($"traces/{TraceId}", first.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("web · GET /checkout", first.TextContent, StringComparison.Ordinal);
        Assert.Contains("1.52s", first.TextContent, StringComparison.Ordinal);
        Assert.Equal(["checkout-api", "orders-db", "web"], first.QuerySelectorAll(".mud-chip").Select(c => c.TextContent.Trim()));
        Assert.NotNull(first.QuerySelector("[aria-label='2 errors']"));
        Assert.Equal("2 traces", page.Find("[aria-label='Result count']").TextContent.Trim());
        Assert.NotNull(page.Find("[data-chart='scatter']"));
    }

    [Fact]
    public void The_scatter_puts_failed_traces_in_their_own_red_series_mapped_back_to_their_ids()
    {
        TraceSummary[] traces =
        [
            new(TraceId, T0, 1_500, 3, ["web"], 1, "web", "GET /"),
            new(OtherTraceId, T0 + 1_000_000, 2_000_000, 3, ["web"], 0, "web", "GET /"),
        ];

        var ids = TraceCharts.IdsBySeries(traces);

        Assert.Equal([[OtherTraceId], [TraceId]], ids);
        var json = System.Text.Json.JsonSerializer.Serialize(TraceCharts.ScatterSeries(traces));
        Assert.Equal($$"""[{"name":"ok","data":[[{{(T0 + 1_000_000) / 1000}},2000]]},{"name":"with errors","data":[[{{T0 / 1000}},1.5]]}]""", json);
    }

    [Fact]
    public void A_malformed_trace_id_shows_an_inline_error_and_a_uuid_opens_the_trace_view()
    {
        var page = RenderPage();
        var idField = page.Find("input[aria-label='Trace id']");

        idField.Input("4bf92f3577b34da6");
        page.Find("form").Submit();

        Assert.Contains("Not a trace id", page.Markup, StringComparison.Ordinal);
        Assert.EndsWith("/traces", Navigation.Uri, StringComparison.Ordinal);

        page.Find("input[aria-label='Trace id']").Input("4BF92F35-77B3-4DA6-A3CE-929D0E0E4736");
        page.Find("form").Submit();

        Assert.EndsWith("/traces/" + TraceId, Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Searching_puts_the_form_in_the_url_and_a_bad_duration_is_refused_inline()
    {
        var page = RenderPage();
        page.Find("input[aria-label='Minimum duration in milliseconds']").Input("slow");
        page.FindAll("form")[1].Submit();

        Assert.Contains("A number of milliseconds", page.Markup, StringComparison.Ordinal);
        Assert.Single(_reader.Searches);

        page.Find("input[aria-label='Minimum duration in milliseconds']").Input("500");
        page.Find("input[aria-label='Service']").Input("orders-db");
        page.FindAll("form")[1].Submit();

        page.WaitForAssertion(() => Assert.Equal(2, _reader.Searches.Count));
        Assert.Contains("service=orders-db", Navigation.Uri, StringComparison.Ordinal);
        Assert.Contains("minDurationMs=500", Navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(500_000, _reader.Searches[^1].MinDurationMicros);
    }

    [Fact]
    public void A_custom_time_range_wins_over_the_quick_range_and_a_backwards_one_is_refused()
    {
        RenderPage("traces?start=2026-12-05T10:00:00Z&end=2026-12-05T11:00:00Z");
        var query = Assert.Single(_reader.Searches);
        Assert.Equal(DateTimeOffset.Parse("2026-12-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), query.Start);

        var page = RenderPage("traces?start=2026-12-05T11:00:00Z&end=2026-12-05T10:00:00Z");

        Assert.Contains("The end must be after the start", page.Markup, StringComparison.Ordinal);
        Assert.Single(_reader.Searches);
    }

    [Fact]
    public void No_match_says_so_instead_of_an_empty_table()
    {
        var page = RenderPage();

        Assert.Contains("No traces match.", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("table"));
    }
}
