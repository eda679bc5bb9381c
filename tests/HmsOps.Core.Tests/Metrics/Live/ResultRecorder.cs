using System.Collections.Concurrent;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Core.Tests.TestSupport;

namespace HmsOps.Core.Tests.Metrics.Live;

/// <summary>A subscriber callback that keeps what it receives, with waits that poll to a deadline.</summary>
internal sealed class ResultRecorder
{
    private readonly ConcurrentQueue<LiveQueryResult> _results = new();

    public IReadOnlyList<LiveQueryResult> Results => [.. _results];

    public int Count => _results.Count;

    public LiveQueryResult Last => _results.Last();

    public Task OnResult(LiveQueryResult result)
    {
        _results.Enqueue(result);
        return Task.CompletedTask;
    }

    public Task WaitForCountAsync(int count) =>
        Poll.UntilAsync(() => _results.Count >= count, $"{count} results arrived (have {_results.Count})");

    public static double SingleValue(LiveQueryResult result) =>
        Assert.IsType<VectorResult>(result.Value).Samples.Single().Value;
}
