using System.Collections.Concurrent;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Metrics.Live;

/// <summary>A metrics source whose answers the test decides, recording every query it is asked.</summary>
internal sealed class FakeMetricsSource : IMetricsSource
{
    private readonly ConcurrentQueue<SourceCall> _calls = new();

    /// <summary>What the next query returns or throws; by default a one-sample vector valued with the call count.</summary>
    public Func<SourceCall, Task<QueryValue>> Answer { get; set; } = call => Task.FromResult<QueryValue>(Vector(call.Number));

    public string Name => "Fake";

    public IReadOnlyList<SourceCall> Calls => [.. _calls];

    public int CallCount => _calls.Count;

    public int CallsFor(string expr) => _calls.Count(c => c.Query == expr);

    public static VectorResult Vector(double value) =>
        new([new VectorSample(LabelSet.From(("job", "fake")), 0, value)]);

    public Task<QueryValue> QueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken) =>
        Record(new SourceCall(_calls.Count + 1, query, time, null, null));

    public Task<QueryValue> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) =>
        Record(new SourceCall(_calls.Count + 1, query, end, start, step));

    public Task<IReadOnlyList<LabelSet>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<string>> LabelNamesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<string>> LabelValuesAsync(string labelName, IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    private Task<QueryValue> Record(SourceCall call)
    {
        _calls.Enqueue(call);
        return Answer(call);
    }
}

/// <summary>One query the source was asked: <see cref="Time"/> is the instant or the range's end.</summary>
internal sealed record SourceCall(int Number, string Query, DateTimeOffset Time, DateTimeOffset? Start, TimeSpan? Step);
