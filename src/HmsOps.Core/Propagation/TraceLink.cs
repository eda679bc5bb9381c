namespace HmsOps.Core.Propagation;

/// <summary>
/// How an incoming request was joined to a trace: which header carried the id (<c>traceparent</c>, <c>x-trace</c>,
/// or none when the id was generated), the trace id, and the caller's span (only <c>traceparent</c> names one).
/// Written as the <c>trace_link</c> log, so "which trace did my x-trace become?" has an answer.
/// </summary>
public sealed record TraceLink(string? IncomingHeader, string? IncomingValue, string TraceId, string? ParentSpanId, byte Flags, bool UuidForm)
{
    public const string LogMessage = "trace_link";

    public bool Generated => IncomingHeader is null;

    /// <summary>
    /// Joins a request to a trace. A valid <c>traceparent</c> wins over <c>x-trace</c> (it also names the parent span);
    /// an invalid header is ignored rather than failing the request; with neither, <paramref name="newTraceId"/> starts one.
    /// </summary>
    public static TraceLink Resolve(string? traceParent, string? xTrace, Func<string> newTraceId)
    {
        if (TraceParent.TryParse(traceParent, out var context))
        {
            return new TraceLink(TraceParent.HeaderName, traceParent!.Trim(), context.TraceId, context.SpanId, context.Flags, UuidForm: false);
        }
        if (XTraceHeader.TryParse(xTrace, out var traceId, out var uuidForm))
        {
            return new TraceLink(XTraceHeader.HeaderName, xTrace!.Trim(), traceId, ParentSpanId: null, Flags: 1, uuidForm);
        }
        return new TraceLink(null, null, newTraceId(), ParentSpanId: null, Flags: 1, UuidForm: false);
    }

    /// <summary>The <c>x-trace</c> value to echo or forward: in the form the caller used.</summary>
    public string XTraceValue => XTraceHeader.Format(TraceId, UuidForm);
}
