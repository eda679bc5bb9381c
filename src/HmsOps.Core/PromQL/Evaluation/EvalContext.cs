using HmsOps.Core.Metrics;

namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>One query's limits and store access: cancellation, the timeout, and the samples held in memory.</summary>
internal sealed class EvalContext(TimeSeriesStore store, MetricsOptions options, CancellationToken cancellation, CancellationToken timeout)
{
    private long _samples;

    public TimeSeriesStore Store { get; } = store;

    /// <summary>Whether range grids may be evaluated column-wise (see <c>PromQLEngine.ColumnWise</c>).</summary>
    public bool ColumnWise { get; init; } = true;

    public long LookbackMs { get; } = (long)options.LookbackDelta.TotalMilliseconds;

    /// <summary>The subquery step when none is written: Prometheus's default global evaluation interval.</summary>
    public long DefaultSubqueryStepMs => 60_000;

    public void Check()
    {
        if (timeout.IsCancellationRequested)
        {
            throw new PromQLException(QueryErrorType.Timeout, "query timed out in expression evaluation");
        }
        if (cancellation.IsCancellationRequested)
        {
            throw new PromQLException(QueryErrorType.Canceled, "query was canceled in expression evaluation");
        }
    }

    /// <summary>Counts samples loaded or produced; beyond Metrics:MaxSamples the query fails as Prometheus's does.</summary>
    public void Hold(long samples)
    {
        _samples += samples;
        if (_samples > options.MaxSamples)
        {
            throw new PromQLException(QueryErrorType.Execution,
                "query processing would load too many samples into memory in query execution");
        }
    }

    public void Release(long samples) => _samples -= samples;

    public static PromQLException Execution(string message) => new(QueryErrorType.Execution, message);
}
