using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static HmsOps.Core.Tests.Metrics.Live.ResultRecorder;

namespace HmsOps.Core.Tests.Metrics.Live;

public sealed class LiveQuerySchedulerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 7, 300, TimeSpan.Zero);
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private static readonly LiveQuery Instant = new("sum(rate(hms_http_requests_total[1m]))", TimeSpan.Zero, TimeSpan.Zero, Refresh);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly FakeMetricsSource _source = new();
    private LiveQueryScheduler? _scheduler;

    public void Dispose() => _scheduler?.Dispose();

    [Fact]
    public async Task Many_subscribers_of_one_query_share_one_evaluation_per_tick()
    {
        var scheduler = Create();
        var recorders = Enumerable.Range(0, 100).Select(_ => new ResultRecorder()).ToArray();
        foreach (var recorder in recorders)
        {
            scheduler.Subscribe(Instant, recorder.OnResult);
        }
        await Task.WhenAll(recorders.Select(r => r.WaitForCountAsync(1)));
        Assert.Equal(1, _source.CallCount);

        _time.Advance(Refresh);
        _time.Advance(Refresh);

        Assert.Equal(3, _source.CallCount);
        await Task.WhenAll(recorders.Select(r => Poll.UntilAsync(() => r.Count > 0 && SingleValue(r.Last) == 3, "the third evaluation arrived")));
        Assert.All(recorders, r => Assert.Equal(Start + 2 * Refresh, r.Last.EvaluatedAt));
    }

    [Fact]
    public void Distinct_queries_are_evaluated_separately_each_tick()
    {
        var scheduler = Create();
        var ranged = Instant with { Range = TimeSpan.FromMinutes(15), Step = TimeSpan.FromSeconds(15) };
        scheduler.Subscribe(Instant, _ => Task.CompletedTask);
        scheduler.Subscribe(ranged, _ => Task.CompletedTask);
        scheduler.Subscribe(Instant with { Expr = "up" }, _ => Task.CompletedTask);

        _time.Advance(Refresh);

        Assert.Equal(3, scheduler.QueryCount);
        Assert.Equal(2, _source.Calls.Count(c => c.Query == Instant.Expr && c.Start is null));
        Assert.Equal(2, _source.Calls.Count(c => c.Query == Instant.Expr && c.Start is not null));
        Assert.Equal(2, _source.CallsFor("up"));
    }

    [Fact]
    public void An_instant_query_is_evaluated_at_the_tick_time()
    {
        var scheduler = Create();
        scheduler.Subscribe(Instant, _ => Task.CompletedTask);

        _time.Advance(Refresh);

        var call = _source.Calls[^1];
        Assert.Equal(Start + Refresh, call.Time);
        Assert.Null(call.Start);
    }

    [Fact]
    public void A_range_query_ends_at_the_tick_aligned_down_to_the_step_and_starts_one_range_earlier()
    {
        var scheduler = Create();
        var query = new LiveQuery("sum by (le) (rate(hms_ach_latency_seconds_bucket[1m]))", TimeSpan.FromHours(1), TimeSpan.FromSeconds(15), Refresh);
        scheduler.Subscribe(query, _ => Task.CompletedTask);

        var first = _source.Calls[0];
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), first.Time);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), first.Start);
        Assert.Equal(TimeSpan.FromSeconds(15), first.Step);

        for (var i = 0; i < 8; i++)
        {
            _time.Advance(Refresh); // 10:00:15.300 after the eighth
        }

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), _source.Calls[^2].Time);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 15, TimeSpan.Zero), _source.Calls[^1].Time);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 0, 15, TimeSpan.Zero), _source.Calls[^1].Start);
    }

    [Fact]
    public async Task A_new_subscriber_gets_the_last_result_at_once_without_another_evaluation()
    {
        var scheduler = Create();
        var first = new ResultRecorder();
        scheduler.Subscribe(Instant, first.OnResult);
        await first.WaitForCountAsync(1);

        var late = new ResultRecorder();
        scheduler.Subscribe(Instant, late.OnResult);
        await late.WaitForCountAsync(1);

        Assert.Equal(1, _source.CallCount);
        Assert.Same(first.Last, late.Last);
    }

    [Fact]
    public async Task An_unavailable_source_keeps_the_last_value_says_since_when_and_recovers_by_itself()
    {
        var scheduler = Create();
        var recorder = new ResultRecorder();
        scheduler.Subscribe(Instant, recorder.OnResult);
        await recorder.WaitForCountAsync(1);
        var healthy = _source.Answer;
        _source.Answer = _ => throw new MetricsSourceUnavailableException("Prometheus", "connection refused");

        _time.Advance(Refresh);
        var down = await ResultAt(recorder, Start + Refresh);
        _time.Advance(Refresh);
        var stillDown = await ResultAt(recorder, Start + 2 * Refresh);
        _source.Answer = healthy;
        _time.Advance(Refresh);
        var back = await ResultAt(recorder, Start + 3 * Refresh);

        Assert.Equal(1, SingleValue(down));
        Assert.Equal(Start + Refresh, down.UnavailableSince);
        Assert.Null(down.Error);
        Assert.Equal(1, SingleValue(stillDown));
        Assert.Equal(Start + Refresh, stillDown.UnavailableSince);
        Assert.Null(back.UnavailableSince);
        Assert.Equal(4, SingleValue(back));
    }

    [Fact]
    public async Task A_query_the_source_rejects_delivers_its_error()
    {
        var scheduler = Create();
        _source.Answer = _ => throw new PromQLParseException(4, "unexpected end of input at position 4");
        var recorder = new ResultRecorder();

        scheduler.Subscribe(Instant with { Expr = "sum(" }, recorder.OnResult);
        await recorder.WaitForCountAsync(1);

        var result = recorder.Last;
        Assert.Equal("unexpected end of input at position 4", result.Error);
        Assert.Null(result.Value);
        Assert.Null(result.UnavailableSince);
    }

    [Fact]
    public async Task An_unexpected_failure_is_delivered_as_an_error_and_the_next_tick_still_runs()
    {
        var scheduler = Create();
        _source.Answer = call => call.Number == 1 ? throw new InvalidOperationException("boom") : Task.FromResult<QueryValue>(FakeMetricsSource.Vector(call.Number));
        var recorder = new ResultRecorder();

        scheduler.Subscribe(Instant, recorder.OnResult);
        await recorder.WaitForCountAsync(1);
        Assert.Contains("boom", recorder.Last.Error, StringComparison.Ordinal);

        _time.Advance(Refresh);
        await Poll.UntilAsync(() => recorder.Last.Error is null, "the next tick's good result arrived");
        Assert.Equal(2, SingleValue(recorder.Last));
    }

    [Fact]
    public async Task Evaluations_of_a_query_never_overlap_a_tick_is_skipped_while_one_runs()
    {
        var scheduler = Create();
        var slow = new TaskCompletionSource<QueryValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        _source.Answer = call => call.Number == 1 ? slow.Task : Task.FromResult<QueryValue>(FakeMetricsSource.Vector(call.Number));
        var recorder = new ResultRecorder();
        scheduler.Subscribe(Instant, recorder.OnResult);

        _time.Advance(Refresh);
        _time.Advance(Refresh);
        _time.Advance(Refresh);
        Assert.Equal(1, _source.CallCount);
        Assert.Equal(3, scheduler.SkippedTicks);

        slow.SetResult(FakeMetricsSource.Vector(1));
        await recorder.WaitForCountAsync(1);
        await Poll.UntilAsync(() => IsIdle(scheduler), "the slow evaluation finished");
        _time.Advance(Refresh);

        Assert.Equal(2, _source.CallCount);
    }

    [Fact]
    public async Task Unsubscribing_stops_deliveries_and_the_last_subscriber_drops_the_query()
    {
        var scheduler = Create();
        var stays = new ResultRecorder();
        var leaves = new ResultRecorder();
        using var staying = scheduler.Subscribe(Instant, stays.OnResult);
        var leaving = scheduler.Subscribe(Instant, leaves.OnResult);
        await leaves.WaitForCountAsync(1);

        leaving.Dispose();
        _time.Advance(Refresh);
        await Poll.UntilAsync(() => stays.Count > 0 && SingleValue(stays.Last) == 2, "the staying subscriber got tick 2");

        Assert.Equal(1, leaves.Count);
        Assert.Equal(1, scheduler.QueryCount);
        Assert.Equal(1, scheduler.SubscriberCount);

        staying.Dispose();
        _time.Advance(Refresh);
        _time.Advance(Refresh);

        Assert.Equal(0, scheduler.QueryCount);
        Assert.Equal(0, scheduler.SubscriberCount);
        Assert.Equal(2, _source.CallCount);
    }

    [Fact]
    public void Distinct_queries_beyond_the_bound_are_refused_naming_the_setting()
    {
        var scheduler = Create(new LiveOptions { MaxQueries = 2 });
        scheduler.Subscribe(Instant with { Expr = "a" }, _ => Task.CompletedTask);
        var second = scheduler.Subscribe(Instant with { Expr = "b" }, _ => Task.CompletedTask);

        var refused = Assert.Throws<LiveQueryLimitException>(() => scheduler.Subscribe(Instant with { Expr = "c" }, _ => Task.CompletedTask));
        Assert.Contains("Live:MaxQueries", refused.Message, StringComparison.Ordinal);
        scheduler.Subscribe(Instant with { Expr = "a" }, _ => Task.CompletedTask); // an existing query still takes subscribers

        second.Dispose();
        scheduler.Subscribe(Instant with { Expr = "c" }, _ => Task.CompletedTask);
        Assert.Equal(2, scheduler.QueryCount);
    }

    [Fact]
    public void Subscribers_beyond_the_bound_are_refused_naming_the_setting()
    {
        var scheduler = Create(new LiveOptions { MaxSubscribers = 3 });
        var handles = Enumerable.Range(0, 3).Select(i => scheduler.Subscribe(Instant with { Expr = $"q{i % 2}" }, _ => Task.CompletedTask)).ToArray();

        var refused = Assert.Throws<LiveQueryLimitException>(() => scheduler.Subscribe(Instant, _ => Task.CompletedTask));
        Assert.Contains("Live:MaxSubscribers", refused.Message, StringComparison.Ordinal);

        handles[0].Dispose();
        scheduler.Subscribe(Instant, _ => Task.CompletedTask);
        Assert.Equal(3, scheduler.SubscriberCount);
    }

    [Fact]
    public async Task A_slow_subscriber_delays_only_itself_and_then_gets_the_newest_result()
    {
        var scheduler = Create();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = 0;
        var slowValues = new List<double>();
        scheduler.Subscribe(Instant, async result =>
        {
            lock (slowValues)
            {
                slowValues.Add(SingleValue(result));
            }
            if (Interlocked.Increment(ref entered) == 1)
            {
                await release.Task;
            }
        });
        var fast = new ResultRecorder();
        scheduler.Subscribe(Instant, fast.OnResult);
        await Poll.UntilAsync(() => Volatile.Read(ref entered) == 1, "the slow subscriber is busy with the first result");

        for (var i = 0; i < 3; i++)
        {
            _time.Advance(Refresh);
        }
        await Poll.UntilAsync(() => fast.Count > 0 && SingleValue(fast.Last) == 4, "the fast subscriber got tick 4 while the slow one was busy");
        release.SetResult();
        await Poll.UntilAsync(() => Volatile.Read(ref entered) == 2, "the slow subscriber got its next result");

        lock (slowValues)
        {
            Assert.Equal([1d, 4d], slowValues); // 2 and 3 were replaced by newer results while it was busy
        }
    }

    [Fact]
    public async Task A_throwing_subscriber_neither_stops_others_nor_its_own_later_results()
    {
        var scheduler = Create();
        var calls = 0;
        scheduler.Subscribe(Instant, _ =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("subscriber bug");
        });
        var healthy = new ResultRecorder();
        scheduler.Subscribe(Instant, healthy.OnResult);
        await Poll.UntilAsync(() => Volatile.Read(ref calls) == 1, "the throwing subscriber was called");

        _time.Advance(Refresh);

        await Poll.UntilAsync(() => Volatile.Read(ref calls) == 2, "the throwing subscriber was called again");
        await Poll.UntilAsync(() => healthy.Count > 0 && SingleValue(healthy.Last) == 2, "the healthy subscriber got tick 2");
    }

    [Theory]
    [InlineData("", 0, 0, 1000, "Expr")]
    [InlineData("up", -1000, 0, 1000, "Range")]
    [InlineData("up", 60_000, 0, 1000, "Step")]
    [InlineData("up", 0, 0, 500, "Refresh")]
    public void Malformed_live_queries_are_refused_naming_the_field(string expr, int rangeMs, int stepMs, int refreshMs, string field)
    {
        var scheduler = Create();
        var query = new LiveQuery(expr, TimeSpan.FromMilliseconds(rangeMs), TimeSpan.FromMilliseconds(stepMs), TimeSpan.FromMilliseconds(refreshMs));

        var refused = Assert.Throws<ArgumentException>(() => scheduler.Subscribe(query, _ => Task.CompletedTask));

        Assert.StartsWith(field + " ", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, scheduler.QueryCount);
    }

    [Fact]
    public void After_dispose_no_query_is_evaluated_and_subscribing_is_refused()
    {
        var scheduler = Create();
        scheduler.Subscribe(Instant, _ => Task.CompletedTask);

        scheduler.Dispose();
        _time.Advance(Refresh);

        Assert.Equal(1, _source.CallCount);
        Assert.Throws<ObjectDisposedException>(() => scheduler.Subscribe(Instant, _ => Task.CompletedTask));
    }

    private LiveQueryScheduler Create(LiveOptions? options = null) =>
        _scheduler = new LiveQueryScheduler(_source, options ?? new LiveOptions(), _time, NullLogger<LiveQueryScheduler>.Instance);

    private static bool IsIdle(LiveQueryScheduler scheduler) => scheduler.RunningEvaluations == 0;

    private static async Task<LiveQueryResult> ResultAt(ResultRecorder recorder, DateTimeOffset evaluatedAt)
    {
        await Poll.UntilAsync(() => recorder.Results.Any(r => r.EvaluatedAt == evaluatedAt), $"the result of {evaluatedAt:HH:mm:ss} arrived");
        return recorder.Results.Single(r => r.EvaluatedAt == evaluatedAt);
    }
}
