using HmsOps.Core.PromQL;

namespace HmsOps.Core.Tests.PromQL;

public sealed class FunctionEvaluationTests
{
    private static EngineFixture Store() => new EngineFixture()
        .Series("v{job=\"a\",instance=\"i1\"}", (0, -2.5))
        .Series("v{job=\"b\",instance=\"i2\"}", (0, 2.5))
        .Series("v{job=\"c\",instance=\"i3\"}", (0, 7.25))
        .Series("n{job=\"a\"}", (0, double.NaN))
        .Series("one{job=\"a\"}", (42, 4));

    [Fact]
    public void Math_functions_apply_per_element_and_drop_the_name()
    {
        var store = Store();

        Assert.Equal([("{instance=\"i1\",job=\"a\"}", 2.5), ("{instance=\"i2\",job=\"b\"}", 2.5), ("{instance=\"i3\",job=\"c\"}", 7.25)],
            store.Vector("abs(v)", 60));
        Assert.Equal([-2d, 3, 8], store.Vector("ceil(v)", 60).Select(s => s.Value));
        Assert.Equal([-3d, 2, 7], store.Vector("floor(v)", 60).Select(s => s.Value));
        Assert.Equal([-2d, 3, 7], store.Vector("round(v)", 60).Select(s => s.Value));
        Assert.Equal([-2.5, 2.5, 7.5], store.Vector("round(v, 0.5)", 60).Select(s => s.Value));
        Assert.Equal([0d, 2.5, 5], store.Vector("clamp(v, 0, 5)", 60).Select(s => s.Value));
        Assert.Empty(store.Vector("clamp(v, 5, 0)", 60));
        Assert.Equal([0d, 2.5, 7.25], store.Vector("clamp_min(v, 0)", 60).Select(s => s.Value));
        Assert.Equal([-2.5, 2.5, 3], store.Vector("clamp_max(v, 3)", 60).Select(s => s.Value));
    }

    [Fact]
    public void Scalar_vector_and_time_convert_between_types()
    {
        var store = Store();

        Assert.Equal(4, Assert.IsType<ScalarResult>(store.Instant("scalar(one)", 60)).Value);
        Assert.True(double.IsNaN(Assert.IsType<ScalarResult>(store.Instant("scalar(v)", 60)).Value));
        Assert.Equal([("{}", 3d)], store.Vector("vector(3)", 60));
        Assert.Equal(60.5, Assert.IsType<ScalarResult>(store.Instant("time()", 60.5)).Value);
    }

    [Fact]
    public void Timestamp_returns_the_sample_time_of_a_selector_and_the_evaluation_time_otherwise()
    {
        var store = Store();

        Assert.Equal([("{job=\"a\"}", 42d)], store.Vector("timestamp(one)", 60));
        Assert.Equal([("{job=\"a\"}", 60d)], store.Vector("timestamp(abs(one))", 60));
        Assert.Equal([("{job=\"a\"}", 42d)], store.Vector("timestamp((one))", 60));
    }

    [Fact]
    public void Absent_returns_one_labelled_from_equality_matchers_only_when_nothing_matches()
    {
        var store = Store();

        Assert.Equal([("{job=\"x\"}", 1d)], store.Vector("absent(nothing{job=\"x\",instance=~\"i.*\"})", 60));
        Assert.Equal([("{}", 1d)], store.Vector("absent(nothing{job=\"x\",job=\"y\"})", 60));
        Assert.Equal([("{}", 1d)], store.Vector("absent(sum(nothing))", 60));
        Assert.Equal([("{job=\"x\"}", 1d)], store.Vector("absent((nothing{job=\"x\"}))", 60));
        Assert.Empty(store.Vector("absent(v)", 60));
    }

    [Fact]
    public void Label_replace_expands_groups_on_a_full_match_and_leaves_others_alone()
    {
        var store = Store();

        Assert.Equal([("{__name__=\"one\",job=\"a\",team=\"a-team\"}", 4d)],
            store.Vector("label_replace(one, \"team\", \"$1-team\", \"job\", \"(.*)\")", 60));
        Assert.Equal([("{__name__=\"one\",job=\"a\",x=\"a\"}", 4d)],
            store.Vector("label_replace(one, \"x\", \"${first}\", \"job\", \"(?P<first>a)\")", 60));
        Assert.Equal([("{__name__=\"one\",job=\"a\"}", 4d)],
            store.Vector("label_replace(one, \"team\", \"$1\", \"job\", \"b\")", 60));
        Assert.Equal([("{__name__=\"one\"}", 4d)],
            store.Vector("label_replace(one, \"job\", \"\", \"job\", \".*\")", 60));
        Assert.Equal([("{__name__=\"one\",job=\"a\",x=\"$a\"}", 4d)],
            store.Vector("label_replace(one, \"x\", \"$$$1\", \"job\", \"(a)\")", 60));
    }

    [Fact]
    public void Label_replace_and_label_join_reject_bad_label_names_and_regexes()
    {
        var engine = Store().Engine();

        var badName = Assert.Throws<PromQLException>(() => engine.Instant("label_replace(one, \"1x\", \"\", \"job\", \".*\")", 60_000, default));
        Assert.Equal("invalid destination label name in label_replace(): 1x", badName.Message);
        Assert.Equal(QueryErrorType.Execution, badName.ErrorType);
        var badRegex = Assert.Throws<PromQLException>(() => engine.Instant("label_replace(one, \"x\", \"\", \"job\", \"(\")", 60_000, default));
        Assert.Equal("invalid regular expression in label_replace(): (", badRegex.Message);
        var badSource = Assert.Throws<PromQLException>(() => engine.Instant("label_join(one, \"x\", \",\", \"a-b\")", 60_000, default));
        Assert.Equal("invalid source label name in label_join(): a-b", badSource.Message);
    }

    [Fact]
    public void Label_join_joins_source_values_with_the_separator()
    {
        var store = Store();

        Assert.Equal("{__name__=\"v\",instance=\"i1\",job=\"a\",joined=\"a/i1\"}",
            store.Vector("label_join(v{job=\"a\"}, \"joined\", \"/\", \"job\", \"instance\")", 60)[0].Labels);
        Assert.Equal("{__name__=\"one\"}", store.Vector("label_join(one, \"job\", \",\", \"missing\")", 60)[0].Labels);
    }

    [Fact]
    public void Sort_orders_by_value_with_nan_last()
    {
        var engine = new EngineFixture()
            .Series("s{i=\"1\"}", (0, 3)).Series("s{i=\"2\"}", (0, double.NaN)).Series("s{i=\"3\"}", (0, 1)).Series("s{i=\"4\"}", (0, 2))
            .Engine();

        var ascending = Assert.IsType<VectorResult>(engine.Instant("sort(s)", 10_000, default)).Samples.Select(s => s.Labels.Get("i"));
        var descending = Assert.IsType<VectorResult>(engine.Instant("sort_desc(s)", 10_000, default)).Samples.Select(s => s.Labels.Get("i"));

        Assert.Equal(["3", "4", "1", "2"], ascending);
        Assert.Equal(["1", "4", "3", "2"], descending);
    }

    [Fact]
    public void Histogram_quantile_interpolates_within_the_bucket_holding_the_rank()
    {
        var store = Buckets(("0.1", 1), ("0.5", 3), ("1", 4), ("+Inf", 4));

        // 0.1 + 0.4 x (1/2), in the same float arithmetic as Prometheus.
        Assert.Equal([("{job=\"a\"}", 0.1 + 0.4 * 0.5)], store.Vector("histogram_quantile(0.5, h_bucket)", 60));
        Assert.Equal(0.98, store.Single("histogram_quantile(0.99, h_bucket)", 60), 1e-12);
        Assert.Equal(0.1, store.Single("histogram_quantile(0.25, h_bucket)", 60), 1e-12);
        Assert.Equal(double.NegativeInfinity, store.Single("histogram_quantile(-0.5, h_bucket)", 60));
        Assert.Equal(double.PositiveInfinity, store.Single("histogram_quantile(1.5, h_bucket)", 60));
    }

    [Fact]
    public void Histogram_quantile_edge_cases_follow_prometheus()
    {
        Assert.Equal(0.1, Buckets(("0.1", 1), ("+Inf", 4)).Single("histogram_quantile(0.9, h_bucket)", 60));
        Assert.True(double.IsNaN(Buckets(("0.1", 1), ("1", 4)).Single("histogram_quantile(0.5, h_bucket)", 60)));
        Assert.True(double.IsNaN(Buckets(("+Inf", 4)).Single("histogram_quantile(0.5, h_bucket)", 60)));
        Assert.True(double.IsNaN(Buckets(("0.1", 0), ("+Inf", 0)).Single("histogram_quantile(0.5, h_bucket)", 60)));
        // Non-monotonic counts are raised to the running maximum: 2, 2, 3 -> rank 1.5 lies in the first bucket.
        Assert.Equal(0.075, Buckets(("0.1", 2), ("0.5", 1), ("+Inf", 3)).Single("histogram_quantile(0.5, h_bucket)", 60), 1e-12);
        // A first bucket with a negative bound returns that bound.
        Assert.Equal(-1, Buckets(("-1", 2), ("+Inf", 3)).Single("histogram_quantile(0.5, h_bucket)", 60));
    }

    [Fact]
    public void Histogram_quantile_groups_by_labels_other_than_le()
    {
        var store = new EngineFixture()
            .Series("h_bucket{le=\"1\",svc=\"a\"}", (0, 1)).Series("h_bucket{le=\"+Inf\",svc=\"a\"}", (0, 2))
            .Series("h_bucket{le=\"1\",svc=\"b\"}", (0, 2)).Series("h_bucket{le=\"+Inf\",svc=\"b\"}", (0, 2))
            .Series("h_bucket{le=\"oops\",svc=\"b\"}", (0, 9));

        Assert.Equal([("{svc=\"a\"}", 1d), ("{svc=\"b\"}", 0.5)], store.Vector("histogram_quantile(0.5, h_bucket)", 60));
    }

    private static EngineFixture Buckets(params (string Le, double Count)[] buckets)
    {
        var store = new EngineFixture();
        foreach (var (le, count) in buckets)
        {
            store.Series($"h_bucket{{job=\"a\",le=\"{le}\"}}", (0, count));
        }
        return store;
    }
}
