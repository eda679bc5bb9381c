using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Traces;

/// <summary>Spans for waterfall tests: times in microseconds from a fixed trace start.</summary>
internal static class Spans
{
    public const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    public const long T0 = 1_767_000_000_000_000;

    public static SpanEvent Span(string id, string? parent, long start, long duration, string service = "api", string? name = null,
        bool error = false, SpanKind kind = SpanKind.Internal, string attributes = "{}") =>
        new(TraceId, id, parent, service, name ?? "op-" + id, T0 + start, duration, error ? SpanStatus.Error : SpanStatus.Ok, attributes)
        {
            Kind = kind,
        };
}
