using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Components.Tests.Dashboards;

/// <summary>A metrics source answering from a function of the query, recording what it was asked.</summary>
public sealed class FakeMetricsSource : IMetricsSource
{
    public Func<string, QueryValue> Answer { get; set; } = _ => new MatrixResult([]);

    public Dictionary<string, IReadOnlyList<string>> LabelValues { get; } = new(StringComparer.Ordinal);

    public List<string> Queries { get; } = [];

    /// <summary>When set, every label-values call fails as an unreachable source does.</summary>
    public bool Unavailable { get; set; }

    public List<string> LabelValueMatchers { get; } = [];

    public string Name => "Fake";

    public Task<QueryValue> QueryAsync(string query, DateTimeOffset time, CancellationToken cancellationToken) => Record(query);

    public Task<QueryValue> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken) => Record(query);

    public Task<IReadOnlyList<LabelSet>> SeriesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LabelSet>>([]);

    public Task<IReadOnlyList<string>> LabelNamesAsync(IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(LabelValues.Keys.ToArray());

    public Task<IReadOnlyList<string>> LabelValuesAsync(string labelName, IReadOnlyList<string> matchers, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        lock (LabelValueMatchers)
        {
            LabelValueMatchers.AddRange(matchers);
        }
        if (Unavailable)
        {
            throw new MetricsSourceUnavailableException(Name, "connection refused");
        }
        return Task.FromResult(LabelValues.GetValueOrDefault(labelName) ?? []);
    }

    private Task<QueryValue> Record(string query)
    {
        lock (Queries)
        {
            Queries.Add(query);
        }
        return Task.FromResult(Answer(query));
    }
}

/// <summary>A scheduler that keeps subscriptions so a test can push results to them.</summary>
public sealed class FakeLiveQueryScheduler : ILiveQueryScheduler
{
    private readonly List<(LiveQuery Query, Func<LiveQueryResult, Task> OnResult)> _subscribers = [];

    public IReadOnlyList<LiveQuery> Subscribed
    {
        get
        {
            lock (_subscribers)
            {
                return _subscribers.Select(s => s.Query).ToArray();
            }
        }
    }

    /// <summary>When it returns an exception, Subscribe throws it as the real scheduler refuses a subscription.</summary>
    public Func<LiveQuery, Exception?> Refuse { get; set; } = _ => null;

    public IDisposable Subscribe(LiveQuery query, Func<LiveQueryResult, Task> onResult)
    {
        if (Refuse(query) is { } refused)
        {
            throw refused;
        }
        var entry = (query, onResult);
        lock (_subscribers)
        {
            _subscribers.Add(entry);
        }
        return new Unsubscribe(() =>
        {
            lock (_subscribers)
            {
                _subscribers.Remove(entry);
            }
        });
    }

    /// <summary>Pushes to every subscription whose expression matches.</summary>
    public async Task PushAsync(Func<string, bool> matches, Func<LiveQuery, LiveQueryResult> result)
    {
        (LiveQuery Query, Func<LiveQueryResult, Task> OnResult)[] targets;
        lock (_subscribers)
        {
            targets = _subscribers.Where(s => matches(s.Query.Expr)).ToArray();
        }
        foreach (var (query, onResult) in targets)
        {
            await onResult(result(query));
        }
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
