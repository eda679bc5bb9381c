using HmsOps.Core.PromQL;

namespace HmsOps.Core.Tests.PromQL;

public sealed class RangeQueryTests
{
    private static EngineFixture Store() => new EngineFixture()
        .Series("x{job=\"b\"}", (0, 1), (60, 2), (120, 3))
        .Series("x{job=\"a\"}", (100, 7));

    [Fact]
    public void A_range_query_evaluates_at_each_step_and_sorts_series_by_labels()
    {
        var result = Assert.IsType<MatrixResult>(Store().Engine().Range("x", 0, 120_000, 60_000, default));

        Assert.Equal(["{__name__=\"x\",job=\"a\"}", "{__name__=\"x\",job=\"b\"}"], result.Series.Select(s => s.Labels.Key));
        Assert.Equal([120_000L], result.Series[0].Timestamps);
        Assert.Equal([0L, 60_000L, 120_000L], result.Series[1].Timestamps);
        Assert.Equal([1d, 2d, 3d], result.Series[1].Values);
    }

    [Fact]
    public void Series_without_points_are_left_out_and_scalars_become_one_series()
    {
        var engine = Store().Engine();

        Assert.Empty(Assert.IsType<MatrixResult>(engine.Range("x > 100", 0, 120_000, 60_000, default)).Series);
        var scalar = Assert.Single(Assert.IsType<MatrixResult>(engine.Range("time()", 0, 120_000, 60_000, default)).Series);
        Assert.Equal("{}", scalar.Labels.Key);
        Assert.Equal([0d, 60d, 120d], scalar.Values);
    }

    [Fact]
    public void A_subquery_inside_a_range_query_is_evaluated_once_on_its_own_aligned_grid()
    {
        var result = Assert.IsType<MatrixResult>(Store().Engine().Range("max_over_time(x{job=\"b\"}[1m:30s])", 30_000, 150_000, 60_000, default));

        // Inner points every 30s from -30s; the step at 90s sees 30s..90s (1, 2, 2), the one at 150s sees 90s..150s.
        Assert.Equal([1d, 2d, 3d], Assert.Single(result.Series).Values);
    }

    [Fact]
    public void Range_queries_refuse_range_vectors_and_bad_steps()
    {
        var engine = Store().Engine();

        Assert.Equal("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector",
            Assert.Throws<PromQLException>(() => engine.Range("x[1m]", 0, 60_000, 1_000, default)).Message);
        Assert.Equal("zero or negative query resolution step widths are not accepted. Try a positive integer",
            Assert.Throws<PromQLException>(() => engine.Range("x", 0, 60_000, 0, default)).Message);
        Assert.Equal("end timestamp must not be before start time",
            Assert.Throws<PromQLException>(() => engine.Range("x", 60_000, 0, 1_000, default)).Message);
    }
}

public sealed class QueryLimitTests
{
    [Fact]
    public void More_points_per_series_than_allowed_is_bad_data()
    {
        var fixture = new EngineFixture().Series("x", (0, 1));
        var engine = fixture.Engine();

        var error = Assert.Throws<PromQLException>(() => engine.Range("x", 0, 11_001_000, 1_000, default));

        Assert.Equal(QueryErrorType.BadData, error.ErrorType);
        Assert.Equal("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)", error.Message);
        Assert.IsType<MatrixResult>(engine.Range("x", 0, 11_000_000, 1_000, default));
    }

    [Fact]
    public void Holding_more_samples_than_allowed_is_an_execution_error()
    {
        var fixture = new EngineFixture().Series("x", (0, 1), (10, 2), (20, 3), (30, 4));
        fixture.Options.MaxSamples = 3;

        var error = Assert.Throws<PromQLException>(() => fixture.Instant("sum_over_time(x[1m])", 30));

        Assert.Equal(QueryErrorType.Execution, error.ErrorType);
        Assert.Equal("query processing would load too many samples into memory in query execution", error.Message);
    }

    [Fact]
    public void A_query_past_its_timeout_fails_with_the_timeout_error_type()
    {
        var fixture = new EngineFixture().Series("x", (0, 1));
        fixture.Options.QueryTimeout = TimeSpan.Zero;

        var error = Assert.Throws<PromQLException>(() => fixture.Instant("x", 10));

        Assert.Equal(QueryErrorType.Timeout, error.ErrorType);
        Assert.Equal("query timed out in expression evaluation", error.Message);
    }

    [Fact]
    public void A_cancelled_query_fails_with_the_canceled_error_type()
    {
        var engine = new EngineFixture().Series("x", (0, 1)).Engine();

        var error = Assert.Throws<PromQLException>(() => engine.Instant("x", 10_000, new CancellationToken(canceled: true)));

        Assert.Equal(QueryErrorType.Canceled, error.ErrorType);
    }
}
