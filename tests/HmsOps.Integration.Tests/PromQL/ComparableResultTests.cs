using HmsOps.Core.Telemetry;

namespace HmsOps.Integration.Tests.PromQL;

/// <summary>The differential suite is only as strict as its comparison, so the comparison is tested on its own.</summary>
public sealed class ComparableResultTests
{
    private static readonly LabelSet A = LabelSet.From(("__name__", "m"), ("x", "a"));
    private static readonly LabelSet B = LabelSet.From(("__name__", "m"), ("x", "b"));

    [Theory]
    [InlineData(double.NaN, double.NaN, true)]
    [InlineData(double.NaN, 1, false)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity, true)]
    [InlineData(double.PositiveInfinity, double.NegativeInfinity, false)]
    [InlineData(double.PositiveInfinity, double.MaxValue, false)]
    [InlineData(1000, 1000.0000001, true)]
    [InlineData(1000, 1000.00001, false)]
    [InlineData(0, 1e-13, true)]
    [InlineData(0, 1e-11, false)]
    [InlineData(-5, 5, false)]
    public void Values_are_close_within_the_tolerances_and_special_values_only_equal_themselves(double expected, double actual, bool close) =>
        Assert.Equal(close, ComparableResult.Close(expected, actual));

    [Fact]
    public void Results_with_the_same_series_in_another_order_agree()
    {
        var expected = Vector((A, 1), (B, 2));

        Assert.Empty(expected.DifferencesFrom(Vector((B, 2), (A, 1)), ordered: false));
    }

    [Fact]
    public void A_missing_series_an_extra_series_and_a_different_value_are_each_reported()
    {
        var c = LabelSet.From(("__name__", "m"), ("x", "c"));
        var differences = Vector((A, 1), (B, 2)).DifferencesFrom(Vector((A, 1.5), (c, 2)), ordered: false);

        Assert.Equal(3, differences.Count);
        Assert.Contains(differences, d => d.StartsWith("missing from engine: " + B.Key, StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("extra in engine: " + c.Key, StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith(A.Key, StringComparison.Ordinal));
    }

    [Fact]
    public void A_different_timestamp_or_result_type_is_a_difference()
    {
        var expected = new ComparableResult("matrix", [new(A, [1000, 2000], [1, 2])], null);

        Assert.NotEmpty(expected.DifferencesFrom(new ComparableResult("matrix", [new(A, [1000, 3000], [1, 2])], null), ordered: false));
        Assert.NotEmpty(expected.DifferencesFrom(new ComparableResult("matrix", [new(A, [1000], [1])], null), ordered: false));
        Assert.NotEmpty(expected.DifferencesFrom(new ComparableResult("vector", [new(A, [1000], [1])], null), ordered: false));
    }

    [Fact]
    public void A_sorted_result_must_keep_the_order_of_values_but_tied_values_may_swap_labels()
    {
        var sorted = Vector((A, 1), (B, 2));

        Assert.NotEmpty(sorted.DifferencesFrom(Vector((B, 2), (A, 1)), ordered: true));
        var tied = Vector((A, 1), (B, 1));
        Assert.Empty(tied.DifferencesFrom(Vector((B, 1), (A, 1)), ordered: true));
    }

    [Fact]
    public void Strings_must_be_equal()
    {
        var expected = new ComparableResult("string", [], "a");

        Assert.Empty(expected.DifferencesFrom(new ComparableResult("string", [], "a"), ordered: false));
        Assert.NotEmpty(expected.DifferencesFrom(new ComparableResult("string", [], "b"), ordered: false));
    }

    private static ComparableResult Vector(params (LabelSet Labels, double Value)[] samples) =>
        new("vector", samples.Select(s => new ComparableSeries(s.Labels, [1000], [s.Value])).ToList(), null);
}
