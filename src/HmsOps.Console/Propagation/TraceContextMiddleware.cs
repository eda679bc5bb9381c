using System.Diagnostics;
using HmsOps.Console.Observability;
using HmsOps.Core.Propagation;
using Microsoft.Extensions.Primitives;

namespace HmsOps.Console.Propagation;

/// <summary>
/// Joins every request to a trace: a valid W3C <c>traceparent</c> wins, else the seed's <c>x-trace</c>, else a new id.
/// The request runs inside an activity of that trace (so its logs, the request log and outgoing calls carry it),
/// both headers are echoed on the response, and API requests write one <c>trace_link</c> log saying which header
/// the trace came from. Runs before <see cref="RequestLogging"/> so the request's own log line is in the same trace.
/// </summary>
public sealed partial class TraceContextMiddleware(RequestDelegate next, ILogger<TraceContextMiddleware> logger)
{
    /// <summary>Exported with the console's own traces when self-tracing listens to it.</summary>
    public static readonly ActivitySource Source = new("HmsOps.Console.Propagation");

    public async Task InvokeAsync(HttpContext context)
    {
        var current = Activity.Current;
        var link = TraceLink.Resolve(Single(context.Request.Headers[TraceParent.HeaderName]),
            Single(context.Request.Headers[XTraceHeader.HeaderName]), () => NewTraceId(current));
        using var joined = Join(current, link);
        var activity = joined ?? current;
        context.Items[typeof(TraceLink)] = link;

        var spanId = activity?.SpanId.ToHexString() ?? ActivitySpanId.CreateRandom().ToHexString();
        var echoedParent = TraceParent.Format(new TraceContext(link.TraceId, spanId, link.Flags));
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[TraceParent.HeaderName] = echoedParent;
            context.Response.Headers[XTraceHeader.HeaderName] = link.XTraceValue;
            return Task.CompletedTask;
        });

        var path = context.Request.Path.Value ?? "";
        if (!RequestLogging.IsQuiet(path))
        {
            Linked(logger, TraceLink.LogMessage, link.TraceId, link.IncomingHeader ?? "none", link.IncomingValue ?? "", link.ParentSpanId ?? "", link.Generated, path);
        }
        await next(context);
    }

    /// <summary>An activity in the linked trace, unless the host's request activity already is one (the usual traceparent case).</summary>
    private static Activity? Join(Activity? current, TraceLink link)
    {
        var parentSpan = link.ParentSpanId is null ? default : ActivitySpanId.CreateFromString(link.ParentSpanId);
        if (current is { IdFormat: ActivityIdFormat.W3C } && current.TraceId.ToHexString() == link.TraceId && current.ParentSpanId == parentSpan)
        {
            return null;
        }
        var flags = (link.Flags & 1) == 1 ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None;
        var parent = new ActivityContext(ActivityTraceId.CreateFromString(link.TraceId), parentSpan, flags, isRemote: true);
        var activity = Source.StartActivity("HTTP request", ActivityKind.Server, parent);
        if (activity is not null)
        {
            return activity;
        }
        // Nobody listens to the source: a plain activity still carries the trace to logs and outgoing calls.
        activity = new Activity("HTTP request");
        activity.SetParentId(parent.TraceId, parent.SpanId, flags);
        return activity.Start();
    }

    /// <summary>The host's fresh root activity already holds a random trace id: reuse it rather than invent a second.</summary>
    private static string NewTraceId(Activity? current) =>
        current is { IdFormat: ActivityIdFormat.W3C, ParentSpanId: var parent } && parent == default
            ? current.TraceId.ToHexString()
            : ActivityTraceId.CreateRandom().ToHexString();

    /// <summary>A header sent twice is ambiguous, so it counts as absent (W3C: treat as invalid).</summary>
    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Event}: {Path} joined trace {LinkedTraceId} from header {IncomingHeader} '{IncomingValue}' (parent span '{ParentSpanId}', generated {Generated})")]
    private static partial void Linked(ILogger logger, string @event, string linkedTraceId, string incomingHeader, string incomingValue,
        string parentSpanId, bool generated, string path);
}
