namespace HmsOps.Core.Traces;

/// <summary>One row of a trace search: what the results table and the duration scatter show.</summary>
public sealed record TraceSummary(
    string TraceId,
    long StartUnixMicros,
    long DurationMicros,
    int SpanCount,
    IReadOnlyList<string> Services,
    int ErrorCount,
    string RootService,
    string RootName);
