using HmsOps.Core.PromQL;

namespace HmsOps.Core.Tests.PromQL;

public sealed class BinaryEvaluationTests
{
    private static EngineFixture Store() => new EngineFixture()
        .Series("errors{job=\"api\",code=\"500\"}", (0, 3))
        .Series("errors{job=\"web\",code=\"500\"}", (0, 1))
        .Series("total{job=\"api\",code=\"500\"}", (0, 12))
        .Series("total{job=\"web\",code=\"500\"}", (0, 4))
        .Series("by_job{job=\"api\"}", (0, 100))
        .Series("by_job{job=\"web\"}", (0, 200))
        .Series("info{job=\"api\",team=\"pay\"}", (0, 1))
        .Series("info{job=\"web\",team=\"ui\"}", (0, 1));

    [Theory]
    [InlineData("7 % 3", 1)]
    [InlineData("-7 % 3", -1)]
    [InlineData("2 ^ 10", 1024)]
    [InlineData("1 / 0", double.PositiveInfinity)]
    [InlineData("2 > bool 1", 1)]
    [InlineData("2 < bool 1", 0)]
    [InlineData("1 - 2 - 3", -4)]
    [InlineData("2 * 3 + 4", 10)]
    public void Scalar_arithmetic_and_bool_comparisons(string query, double expected)
    {
        Assert.Equal(expected, Assert.IsType<ScalarResult>(Store().Instant(query, 10)).Value);
    }

    [Fact]
    public void Vector_scalar_arithmetic_drops_the_name_and_comparisons_filter_keeping_it()
    {
        var store = Store();

        Assert.Equal([("{code=\"500\",job=\"api\"}", 6d), ("{code=\"500\",job=\"web\"}", 2d)], store.Vector("errors * 2", 10));
        Assert.Equal([("{code=\"500\",job=\"api\"}", -1d), ("{code=\"500\",job=\"web\"}", 1d)], store.Vector("2 - errors", 10));
        Assert.Equal([("{__name__=\"errors\",code=\"500\",job=\"api\"}", 3d)], store.Vector("errors > 2", 10));
        Assert.Equal([("{__name__=\"errors\",code=\"500\",job=\"api\"}", 3d)], store.Vector("2 < errors", 10));
        Assert.Equal([("{code=\"500\",job=\"api\"}", 1d), ("{code=\"500\",job=\"web\"}", 0d)], store.Vector("errors > bool 2", 10));
    }

    [Fact]
    public void One_to_one_matching_uses_all_labels_but_the_name()
    {
        Assert.Equal([("{code=\"500\",job=\"api\"}", 0.25), ("{code=\"500\",job=\"web\"}", 0.25)], Store().Vector("errors / total", 10));
        Assert.Equal([("{__name__=\"errors\",code=\"500\",job=\"api\"}", 3d)], Store().Vector("errors > total / 4 - 1", 10)
            .Where(s => s.Labels.Contains("api")).ToArray());
    }

    [Fact]
    public void On_and_ignoring_choose_the_matching_labels()
    {
        var store = Store();

        Assert.Equal([("{job=\"api\"}", 103d), ("{job=\"web\"}", 201d)], store.Vector("errors + on(job) by_job", 10));
        Assert.Equal([("{job=\"api\"}", 103d), ("{job=\"web\"}", 201d)], store.Vector("errors + ignoring(code) by_job", 10));
        Assert.Equal([("{code=\"500\",job=\"api\"}", 1d), ("{code=\"500\",job=\"web\"}", 1d)], store.Vector("errors * 4 == bool on(job, code) total", 10));
    }

    [Fact]
    public void Group_left_keeps_the_many_side_labels_and_copies_included_ones_from_the_one_side()
    {
        var store = Store();

        Assert.Equal([("{code=\"500\",job=\"api\",team=\"pay\"}", 3d), ("{code=\"500\",job=\"web\",team=\"ui\"}", 1d)],
            store.Vector("errors * on(job) group_left(team) info", 10));
        Assert.Equal([("{code=\"500\",job=\"api\",team=\"pay\"}", 3d), ("{code=\"500\",job=\"web\",team=\"ui\"}", 1d)],
            store.Vector("info * on(job) group_right(team) errors", 10));
    }

    [Fact]
    public void Ambiguous_matches_fail_with_prometheus_messages()
    {
        var store = Store();

        var manyToMany = Assert.Throws<PromQLException>(() => store.Instant("by_job + on(code) errors", 10));
        Assert.EndsWith("many-to-many matching not allowed: matching labels must be unique on one side", manyToMany.Message);
        Assert.Equal(QueryErrorType.Execution, manyToMany.ErrorType);
        var groupedButAmbiguous = Assert.Throws<PromQLException>(() => store.Instant("sum by (code) (total) + on(code) group_left errors", 10));
        Assert.Contains("many-to-many matching not allowed", groupedButAmbiguous.Message);
        var implicitManyToOne = Assert.Throws<PromQLException>(() => new EngineFixture()
            .Series("a{job=\"x\",i=\"1\"}", (0, 1)).Series("a{job=\"x\",i=\"2\"}", (0, 1)).Series("b{job=\"x\"}", (0, 1))
            .Instant("a + on(job) b", 10));
        Assert.Equal("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)", implicitManyToOne.Message);
    }

    [Fact]
    public void Set_operators_filter_by_matching_signatures_and_keep_labels()
    {
        var store = Store();

        Assert.Equal([("{__name__=\"errors\",code=\"500\",job=\"api\"}", 3d)], store.Vector("errors and on(job) (by_job < 150)", 10));
        Assert.Equal([("{__name__=\"errors\",code=\"500\",job=\"web\"}", 1d)], store.Vector("errors unless on(job) (by_job < 150)", 10));
        Assert.Equal(["{__name__=\"by_job\",job=\"web\"}", "{__name__=\"errors\",code=\"500\",job=\"api\"}"],
            store.Vector("errors > 2 or on(job) by_job", 10).Select(s => s.Labels));
        Assert.Equal(2, store.Vector("nothing or errors", 10).Count);
    }

    [Fact]
    public void Unary_minus_negates_and_drops_the_name()
    {
        Assert.Equal([("{code=\"500\",job=\"api\"}", -3d), ("{code=\"500\",job=\"web\"}", -1d)], Store().Vector("-errors", 10));
    }

    [Fact]
    public void Results_with_duplicate_label_sets_are_refused()
    {
        var error = Assert.Throws<PromQLException>(() => Store().Instant("abs({code=\"500\"})", 10));

        Assert.Equal("vector cannot contain metrics with the same labelset", error.Message);
    }
}
