using System.Globalization;
using HmsOps.Core.PromQL;
using HmsOps.Prometheus;

namespace HmsOps.Integration.Tests.PromQL;

/// <summary>
/// The embedded PromQL engine against the real Prometheus 2.42, loaded with the same samples: every query must
/// return the same result type, the same label sets, the same timestamps and values equal within 1e-9 relative.
/// </summary>
[Collection(DifferentialCollection.Name)]
public sealed class PromQLDifferentialTests(DifferentialFixture fixture)
{
    private readonly PromQLEngine _engine = new(fixture.Store, fixture.Options);

    [Theory]
    [MemberData(nameof(DifferentialQueries.Instant), MemberType = typeof(DifferentialQueries))]
    public async Task Instant_query_matches_prometheus(string query, double atSeconds, bool expectEmpty)
    {
        var reply = await fixture.Prometheus.QueryPostAsync(new InstantQueryForm { Query = query, Time = fixture.Time(atSeconds) });
        var expected = ComparableResult.From(reply.Data!);
        AssertDataAsExpected(query, expected, expectEmpty);

        var actual = ComparableResult.From(_engine.Instant(query, fixture.At(atSeconds), CancellationToken.None));

        AssertSame(query, $"instant at base+{atSeconds.ToString(CultureInfo.InvariantCulture)}s", expected, actual, ordered: IsSort(query));
    }

    [Theory]
    [MemberData(nameof(DifferentialQueries.Range), MemberType = typeof(DifferentialQueries))]
    public async Task Range_query_matches_prometheus(string query, int startSeconds, int endSeconds, int stepSeconds)
    {
        var reply = await fixture.Prometheus.QueryRangePostAsync(new RangeQueryForm
        {
            Query = query,
            Start = fixture.Time(startSeconds),
            End = fixture.Time(endSeconds),
            Step = stepSeconds.ToString(CultureInfo.InvariantCulture),
        });
        var expected = ComparableResult.From(reply.Data!);
        AssertDataAsExpected(query, expected, expectEmpty: false);

        var actual = ComparableResult.From(_engine.Range(
            query, fixture.At(startSeconds), fixture.At(endSeconds), stepSeconds * 1000L, CancellationToken.None));

        AssertSame(query, $"range base+{startSeconds}s..base+{endSeconds}s step {stepSeconds}s", expected, actual, ordered: false);
    }

    [Theory]
    [MemberData(nameof(DifferentialQueries.Invalid), MemberType = typeof(DifferentialQueries))]
    public async Task Invalid_instant_query_is_rejected_by_both(string query)
    {
        var rejected = await Assert.ThrowsAsync<PrometheusApiException>(
            () => fixture.Prometheus.QueryPostAsync(new InstantQueryForm { Query = query, Time = fixture.Time(3600) }));
        Assert.False(string.IsNullOrEmpty(rejected.ErrorType));

        var error = Assert.ThrowsAny<PromQLException>(() => _engine.Instant(query, fixture.At(3600), CancellationToken.None));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [MemberData(nameof(DifferentialQueries.InvalidRange), MemberType = typeof(DifferentialQueries))]
    public async Task Invalid_range_query_is_rejected_by_both(string query)
    {
        await Assert.ThrowsAsync<PrometheusApiException>(() => fixture.Prometheus.QueryRangePostAsync(new RangeQueryForm
        {
            Query = query,
            Start = fixture.Time(1000),
            End = fixture.Time(2000),
            Step = "60",
        }));

        Assert.ThrowsAny<PromQLException>(() => _engine.Range(query, fixture.At(1000), fixture.At(2000), 60_000, CancellationToken.None));
    }

    [Fact]
    public async Task Prometheus_holds_every_generated_series()
    {
        var reply = await fixture.Prometheus.QueryPostAsync(new InstantQueryForm
        {
            Query = "count(last_over_time({__name__=~\".+\"}[2h]))",
            Time = fixture.Time(DifferentialDataSet.DurationSeconds),
        });

        var count = Assert.Single(reply.Data!.Vector).Value.Value;
        Assert.Equal(fixture.SeriesCount, (int)count);
    }

    private static bool IsSort(string query) =>
        query.StartsWith("sort(", StringComparison.Ordinal) || query.StartsWith("sort_desc(", StringComparison.Ordinal);

    /// <summary>A comparison of two empty results proves nothing, so a row says when empty is the right answer.</summary>
    private void AssertDataAsExpected(string query, ComparableResult expected, bool expectEmpty)
    {
        Assert.True(
            expected.IsEmpty == expectEmpty,
            $"Prometheus returned {(expected.IsEmpty ? "no data" : "data")} for {query}, the row expects {(expectEmpty ? "none" : "some")} " +
            $"(base {fixture.BaseMs}):\n{expected.Describe()}");
    }

    private void AssertSame(string query, string when, ComparableResult expected, ComparableResult actual, bool ordered)
    {
        var differences = expected.DifferencesFrom(actual, ordered);
        Assert.True(
            differences.Count == 0,
            $"{query} ({when}, base {fixture.BaseMs}) differs from Prometheus:\n  " + string.Join("\n  ", differences.Take(10)) +
            $"\nPrometheus: {expected.Describe()}\nengine:     {actual.Describe()}");
    }
}
