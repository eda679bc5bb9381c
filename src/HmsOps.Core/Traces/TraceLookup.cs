using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Traces;

/// <summary>The spans of one trace, oldest start first, and whether they came from the archive (slower, older than the hot window).</summary>
public sealed record TraceLookup(string TraceId, IReadOnlyList<SpanEvent> Spans, bool FromArchive);
