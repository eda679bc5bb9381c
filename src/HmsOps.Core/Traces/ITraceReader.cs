namespace HmsOps.Core.Traces;

/// <summary>Reads traces from the hot store, falling back to the archive for what is older than the hot window.</summary>
public interface ITraceReader
{
    /// <summary>The trace with this id (32 lower-case hex digits), or null when neither store has it.</summary>
    Task<TraceLookup?> GetTraceAsync(string traceId, CancellationToken cancellationToken);

    /// <summary>Newest traces first, at most <see cref="TraceQuery.Limit"/> (capped at <see cref="TraceQuery.MaxLimit"/>).</summary>
    Task<IReadOnlyList<TraceSummary>> SearchAsync(TraceQuery query, CancellationToken cancellationToken);

    /// <summary>Called after spans of this trace are stored (late spans stitch into an open waterfall).</summary>
    IDisposable SubscribeTrace(string traceId, Func<Task> onNewSpans);
}
