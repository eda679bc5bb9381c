using HmsOps.Core.Telemetry;
using HmsOps.Core.Traces.Waterfall;
using static HmsOps.Core.Tests.Traces.Spans;

namespace HmsOps.Core.Tests.Traces;

public sealed class WaterfallModelTests
{
    // ui (0–1000) → gateway (100–900) → api (200–800) → db (300–700); gateway also calls cache (150–250).
    private static readonly SpanEvent[] ThreeHop =
    [
        Span("aaaaaaaaaaaaaaa1", null, 0, 1000, "ui", "GET /checkout"),
        Span("aaaaaaaaaaaaaaa2", "aaaaaaaaaaaaaaa1", 100, 800, "mesh", "proxy"),
        Span("aaaaaaaaaaaaaaa5", "aaaaaaaaaaaaaaa2", 150, 100, "mesh", "cache"),
        Span("aaaaaaaaaaaaaaa3", "aaaaaaaaaaaaaaa2", 200, 600, "api", "POST /orders"),
        Span("aaaaaaaaaaaaaaa4", "aaaaaaaaaaaaaaa3", 300, 400, "db", "INSERT orders", error: true),
    ];

    [Fact]
    public void Rows_are_depth_first_with_children_by_start_and_bars_are_fractions_of_the_trace()
    {
        var model = WaterfallModel.Create(ThreeHop.Reverse().ToList());

        Assert.Equal(T0, model.StartMicros);
        Assert.Equal(T0 + 1000, model.EndMicros);
        Assert.Equal(["GET /checkout", "proxy", "cache", "POST /orders", "INSERT orders"], model.Rows.Select(r => r.Node.Name));
        Assert.Equal([0, 1, 2, 2, 3], model.Rows.Select(r => r.Depth));
        var api = model.Rows[3];
        Assert.Equal(0.2, api.Offset, 9);
        Assert.Equal(0.6, api.Width, 9);
        Assert.Equal(200, api.OffsetMicros);
        Assert.Equal(600, api.Node.DurationMicros);
        Assert.Equal(4, model.Rows[0].Node.DescendantCount);
    }

    [Fact]
    public void Trace_totals_count_spans_services_and_errors()
    {
        var tree = TraceTree.Build(ThreeHop);

        Assert.Equal(5, tree.SpanCount);
        Assert.Equal(1, tree.ErrorCount);
        Assert.Equal(["api", "db", "mesh", "ui"], tree.Services);
        Assert.True(tree.Find("aaaaaaaaaaaaaaa4")!.IsError);
    }

    [Fact]
    public void Each_service_keeps_one_distinct_colour_whatever_else_is_in_the_trace()
    {
        var tree = TraceTree.Build(ThreeHop);
        var colours = tree.Nodes.GroupBy(n => n.Service).ToDictionary(g => g.Key, g => g.Select(n => n.ServiceColor).Distinct().Single());

        Assert.Equal(4, colours.Values.Distinct().Count());
        Assert.All(colours.Values, c => Assert.InRange(c, 0, ServiceColors.PaletteSize - 1));
        var alone = TraceTree.Build([Span("bbbbbbbbbbbbbbb1", null, 0, 10, "ui")]);
        Assert.Equal(ServiceColors.PreferredSlot("ui"), alone.Nodes[0].ServiceColor);
    }

    [Fact]
    public void The_critical_path_walks_back_from_the_root_through_the_last_finishing_children()
    {
        var tree = TraceTree.Build(ThreeHop);
        CriticalSegment[] Of(string id) => [.. tree.Find(id)!.CriticalSegments];

        // db is what everyone waited on; api, mesh and ui are on the path only around it; cache overlapped nothing that finished last.
        Assert.Equal([new CriticalSegment(T0 + 300, T0 + 700)], Of("aaaaaaaaaaaaaaa4"));
        Assert.Equal([new CriticalSegment(T0 + 700, T0 + 800), new CriticalSegment(T0 + 200, T0 + 300)], Of("aaaaaaaaaaaaaaa3"));
        Assert.Equal([new CriticalSegment(T0 + 800, T0 + 900), new CriticalSegment(T0 + 100, T0 + 200)], Of("aaaaaaaaaaaaaaa2"));
        Assert.Equal([new CriticalSegment(T0 + 900, T0 + 1000), new CriticalSegment(T0, T0 + 100)], Of("aaaaaaaaaaaaaaa1"));
        Assert.Empty(Of("aaaaaaaaaaaaaaa5"));
    }

    [Fact]
    public void Sequential_children_are_all_on_the_critical_path_and_an_overlapped_one_is_not()
    {
        var tree = TraceTree.Build(
        [
            Span("c000000000000001", null, 0, 100),
            Span("c000000000000002", "c000000000000001", 10, 30),   // first call
            Span("c000000000000003", "c000000000000001", 50, 40),   // second call, after the first
            Span("c000000000000004", "c000000000000001", 55, 20),   // overlaps the second and finishes earlier
        ]);

        Assert.True(tree.Find("c000000000000002")!.OnCriticalPath);
        Assert.True(tree.Find("c000000000000003")!.OnCriticalPath);
        Assert.False(tree.Find("c000000000000004")!.OnCriticalPath);
        var row = WaterfallModel.Create(tree).Rows.Single(r => r.Node.Id == "c000000000000003");
        Assert.Equal(new BarSegment(0.5, 0.4), Assert.Single(row.Critical) with { Offset = Math.Round(row.Critical[0].Offset, 9), Width = Math.Round(row.Critical[0].Width, 9) });
    }

    [Fact]
    public void An_async_child_running_past_its_parent_counts_only_while_the_parent_ran()
    {
        var tree = TraceTree.Build(
        [
            Span("d000000000000001", null, 0, 100),
            Span("d000000000000002", "d000000000000001", 60, 200, kind: SpanKind.Producer),
        ]);

        Assert.Equal([new CriticalSegment(T0 + 60, T0 + 100)], tree.Find("d000000000000002")!.CriticalSegments);
        Assert.Equal(0, tree.Find("d000000000000002")!.SkewShiftMicros);
    }

    [Fact]
    public void A_child_starting_before_its_parent_is_shifted_inside_with_its_subtree_and_flagged()
    {
        var tree = TraceTree.Build(
        [
            Span("e000000000000001", null, 1000, 500, "client-svc", kind: SpanKind.Client),
            Span("e000000000000002", "e000000000000001", 900, 300, "server-svc", kind: SpanKind.Server),
            Span("e000000000000003", "e000000000000002", 950, 100, "server-svc"),
        ]);

        var server = tree.Find("e000000000000002")!;
        var inner = tree.Find("e000000000000003")!;
        Assert.Equal(100, server.SkewShiftMicros);
        Assert.Equal(T0 + 1000, server.StartMicros);
        Assert.Equal(T0 + 1050, inner.StartMicros);
        Assert.False(inner.IsSkewAdjusted);
        Assert.Equal(T0 + 1000, tree.StartMicros);
        Assert.Equal(1, tree.SkewedCount);
    }

    [Fact]
    public void A_synchronous_server_span_ending_after_its_client_is_moved_back_to_end_with_it()
    {
        var tree = TraceTree.Build(
        [
            Span("f000000000000001", null, 0, 1000, kind: SpanKind.Client),
            Span("f000000000000002", "f000000000000001", 800, 400, kind: SpanKind.Server),
            Span("f000000000000003", null, 5000, 1000, kind: SpanKind.Internal),
            Span("f000000000000004", "f000000000000003", 5800, 400, kind: SpanKind.Internal),
        ]);

        var server = tree.Find("f000000000000002")!;
        Assert.Equal(-200, server.SkewShiftMicros);
        Assert.Equal(T0 + 1000, server.EndMicros);
        // Not a client/server pair: work that outlives its parent is real (fire and forget), not skew.
        Assert.Equal(0, tree.Find("f000000000000004")!.SkewShiftMicros);
    }

    [Fact]
    public void Orphans_hang_under_a_placeholder_for_the_missing_parent_instead_of_being_dropped()
    {
        var model = WaterfallModel.Create(
        [
            Span("a100000000000001", null, 0, 100, "ui"),
            Span("a100000000000002", "ffffffffffffffff", 40, 30, "api"),
            Span("a100000000000003", "ffffffffffffffff", 20, 10, "api"),
            Span("a100000000000004", "a100000000000002", 45, 5, "db"),
        ]);

        Assert.Equal(["a100000000000001", "missing:ffffffffffffffff", "a100000000000003", "a100000000000002", "a100000000000004"],
            model.Rows.Select(r => r.Node.Id));
        var placeholder = model.Rows[1].Node;
        Assert.True(placeholder.IsPlaceholder);
        Assert.Equal("missing span ffffffffffffffff", placeholder.Name);
        Assert.Equal(T0 + 20, placeholder.StartMicros);
        Assert.Equal(T0 + 70, placeholder.EndMicros);
        Assert.Equal(2, model.Tree.OrphanCount);
        Assert.Equal(4, model.Tree.SpanCount);
    }

    [Fact]
    public void Several_roots_each_get_their_own_subtree_and_critical_path()
    {
        var model = WaterfallModel.Create(
        [
            Span("b100000000000002", null, 500, 100, "batch"),
            Span("b100000000000001", null, 0, 100, "ui"),
            Span("b100000000000003", "b100000000000002", 510, 50, "batch"),
        ]);

        Assert.Equal(["b100000000000001", "b100000000000002", "b100000000000003"], model.Rows.Select(r => r.Node.Id));
        Assert.All(model.Rows, r => Assert.True(r.Node.OnCriticalPath));
        Assert.Equal(600, model.DurationMicros);
    }

    [Fact]
    public void A_parent_loop_from_a_broken_exporter_loses_no_span()
    {
        var tree = TraceTree.Build(
        [
            Span("c100000000000001", "c100000000000002", 0, 100),
            Span("c100000000000002", "c100000000000001", 10, 50),
            Span("c100000000000003", "c100000000000003", 10, 50),
        ]);

        Assert.Equal(3, tree.Nodes.Count);
        Assert.Equal("c100000000000001", tree.Roots[0].Id);
    }

    [Fact]
    public void A_span_sent_twice_is_one_row()
    {
        var span = Span("c200000000000001", null, 0, 100);

        Assert.Single(WaterfallModel.Create([span, span]).Rows);
    }

    [Fact]
    public void A_collapsed_row_hides_its_descendants_and_says_how_many()
    {
        var tree = TraceTree.Build(ThreeHop);

        var model = WaterfallModel.Create(tree, new WaterfallView(new HashSet<string> { "aaaaaaaaaaaaaaa2" }));

        Assert.Equal(["aaaaaaaaaaaaaaa1", "aaaaaaaaaaaaaaa2"], model.Rows.Select(r => r.Node.Id));
        Assert.True(model.Rows[1].Collapsed);
        Assert.Equal(3, model.Rows[1].HiddenCount);
        var leafCollapsed = WaterfallModel.Create(tree, new WaterfallView(new HashSet<string> { "aaaaaaaaaaaaaaa4" }));
        Assert.Equal(5, leafCollapsed.Rows.Count);
        Assert.False(leafCollapsed.Rows[4].Collapsed);
    }

    [Theory]
    [InlineData("service=db", new[] { "aaaaaaaaaaaaaaa1", "aaaaaaaaaaaaaaa2", "aaaaaaaaaaaaaaa3", "aaaaaaaaaaaaaaa4" }, 1)]
    [InlineData("name=cache", new[] { "aaaaaaaaaaaaaaa1", "aaaaaaaaaaaaaaa2", "aaaaaaaaaaaaaaa5" }, 1)]
    [InlineData("http.route=/orders", new[] { "aaaaaaaaaaaaaaa1", "aaaaaaaaaaaaaaa2", "aaaaaaaaaaaaaaa3" }, 1)]
    [InlineData("ORDERS", new[] { "aaaaaaaaaaaaaaa1", "aaaaaaaaaaaaaaa2", "aaaaaaaaaaaaaaa3", "aaaaaaaaaaaaaaa4" }, 2)]
    [InlineData("status=error", new[] { "aaaaaaaaaaaaaaa1", "aaaaaaaaaaaaaaa2", "aaaaaaaaaaaaaaa3", "aaaaaaaaaaaaaaa4" }, 1)]
    [InlineData("nothing-like-this", new string[0], 0)]
    public void A_filter_narrows_the_rows_to_matching_spans_and_their_ancestors(string filter, string[] expected, int matches)
    {
        var spans = ThreeHop.Select(s => s.SpanId == "aaaaaaaaaaaaaaa3" ? s with { AttributesJson = """{"http.route":"/orders","http.status_code":201}""" } : s).ToList();
        var tree = TraceTree.Build(spans);

        // The filter wins over collapse: a match inside a collapsed subtree is still shown.
        var model = WaterfallModel.Create(tree, new WaterfallView(new HashSet<string> { "aaaaaaaaaaaaaaa1" }, filter));

        Assert.Equal(expected, model.Rows.Select(r => r.Node.Id));
        Assert.Equal(matches, model.MatchCount);
        Assert.Equal(matches, model.Rows.Count(r => r.IsMatch));
    }

    [Fact]
    public void A_filter_on_a_resource_attribute_finds_the_spans_of_that_host()
    {
        var spans = ThreeHop.Select(s => s.SpanId == "aaaaaaaaaaaaaaa5" ? s with { ResourceJson = """{"host.name":"cache-7"}""" } : s).ToList();

        var model = WaterfallModel.Create(spans, new WaterfallView(Filter: "host.name=cache-7"));

        Assert.Equal("aaaaaaaaaaaaaaa5", model.Rows.Single(r => r.IsMatch).Node.Id);
    }

    [Fact]
    public void The_minimap_squeezes_any_number_of_rows_into_a_fixed_number_of_lanes()
    {
        var spans = new List<SpanEvent> { Span("0000000000000001", null, 0, 10_000) };
        for (var i = 2; i <= 1000; i++)
        {
            spans.Add(Span(i.ToString("x16"), "0000000000000001", i * 5, 10, error: i == 1000));
        }

        var model = WaterfallModel.Create(spans);

        Assert.Equal(WaterfallModel.MinimapLanes, model.Minimap.Count);
        Assert.Equal(1000, model.Minimap.Sum(l => l.RowCount));
        Assert.Equal(0, model.Minimap[0].Offset);
        Assert.Equal(1, model.Minimap[0].Width, 9);
        Assert.True(model.Minimap[^1].HasError);
        Assert.False(model.Minimap[^2].HasError);
        var small = WaterfallModel.Create(ThreeHop);
        Assert.Equal(5, small.Minimap.Count);
    }

    [Fact]
    public void A_zero_length_trace_draws_its_bars_at_the_start()
    {
        var model = WaterfallModel.Create([Span("0000000000000001", null, 0, 0)]);

        Assert.Equal(0, model.Rows[0].Offset);
        Assert.Equal(0, model.Rows[0].Width);
        Assert.Equal("0", Assert.Single(model.Ticks).Label);
    }

    [Fact]
    public void Fifty_thousand_spans_deep_and_wide_build_without_quadratic_work_or_stack_overflow()
    {
        var spans = new List<SpanEvent>(50_000) { Span("0000000000000001", null, 0, 10_000_000) };
        for (var i = 2; i <= 25_000; i++)
        {
            // A chain 25,000 deep…
            spans.Add(Span(i.ToString("x16"), (i - 1).ToString("x16"), i, 10_000_000 - 2 * i));
        }
        for (var i = 25_001; i <= 50_000; i++)
        {
            // …and 25,000 siblings under the root.
            spans.Add(Span(i.ToString("x16"), "0000000000000001", i * 10, 100));
        }

        var model = WaterfallModel.Create(spans);

        Assert.Equal(50_000, model.Rows.Count);
        Assert.Equal(24_999, model.Rows.Max(r => r.Depth));
        Assert.True(model.Rows.First(r => r.Depth == 24_999).Node.OnCriticalPath);
    }
}
