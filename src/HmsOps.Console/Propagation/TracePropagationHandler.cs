using System.Diagnostics;
using HmsOps.Core.Propagation;

namespace HmsOps.Console.Propagation;

/// <summary>
/// Forwards the current trace on outgoing calls: <c>x-trace</c> (for the seed's services) always, and <c>traceparent</c>
/// only when .NET's own HTTP diagnostics will not. .NET injects <c>traceparent</c> itself whenever an activity is current
/// (and, with HTTP instrumentation on, from the client span it creates), so writing it here too would either send it
/// twice or name the wrong parent span.
/// </summary>
public sealed class TracePropagationHandler(bool runtimeInjectsTraceParent) : DelegatingHandler
{
    public TracePropagationHandler()
        : this(RuntimeInjectsTraceParent())
    {
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            var traceId = activity.TraceId.ToHexString();
            request.Headers.Remove(XTraceHeader.HeaderName);
            request.Headers.TryAddWithoutValidation(XTraceHeader.HeaderName, traceId);
            if (!runtimeInjectsTraceParent && !request.Headers.Contains(TraceParent.HeaderName))
            {
                var flags = activity.Recorded ? (byte)1 : (byte)0;
                request.Headers.TryAddWithoutValidation(TraceParent.HeaderName,
                    TraceParent.Format(new TraceContext(traceId, activity.SpanId.ToHexString(), flags)));
            }
        }
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>True unless activity propagation is switched off for the process (app context switch or environment).</summary>
    public static bool RuntimeInjectsTraceParent()
    {
        if (AppContext.TryGetSwitch("System.Net.Http.EnableActivityPropagation", out var enabled))
        {
            return enabled && PropagatorWritesTraceParent();
        }
        var variable = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_HTTP_ENABLEACTIVITYPROPAGATION");
        var off = variable is not null && (variable == "0" || variable.Equals("false", StringComparison.OrdinalIgnoreCase));
        return !off && PropagatorWritesTraceParent();
    }

    private static bool PropagatorWritesTraceParent() =>
        DistributedContextPropagator.Current.Fields.Contains(TraceParent.HeaderName, StringComparer.OrdinalIgnoreCase);
}
