using Google.Protobuf;
using HmsOps.Core.Otlp.Proto.Collector;
using HmsOps.Core.Otlp.Proto.Common;
using HmsOps.Core.Otlp.Proto.Resource;
using HmsOps.Core.Otlp.Proto.Trace;

namespace HmsOps.Bench.Otlp;

/// <summary>
/// Export requests of realistic spans (three services, traces of ten spans, a few attributes each), serialised once.
/// Each request gets fresh trace ids by overwriting the template's id bytes in place, so every span is new to the
/// store without the client spending its CPU (which it shares with the console) on protobuf encoding.
/// </summary>
public sealed class SpanBodies
{
    private const int SpansPerTrace = 10;
    private static readonly string[] Services = ["web-ui", "mesh", "payments-api"];
    private readonly byte[] _template;
    private readonly int[][] _idOffsets;

    public SpanBodies(int spansPerRequest)
    {
        SpansPerRequest = spansPerRequest;
        var traces = Math.Max(1, spansPerRequest / SpansPerTrace);
        var traceIds = Enumerable.Range(0, traces).Select(_ => Guid.NewGuid().ToByteArray()).ToArray();
        var request = new ExportTraceServiceRequest();
        var startNanos = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL;
        var perService = new Dictionary<string, ScopeSpans>();
        foreach (var service in Services)
        {
            var resource = new Resource();
            resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } });
            resource.Attributes.Add(new KeyValue { Key = "host.name", Value = new AnyValue { StringValue = service + "-1" } });
            var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "bench", Version = "1.0" } };
            var resourceSpans = new ResourceSpans { Resource = resource };
            resourceSpans.ScopeSpans.Add(scope);
            request.ResourceSpans.Add(resourceSpans);
            perService[service] = scope;
        }
        for (var t = 0; t < traces; t++)
        {
            var spanIds = Enumerable.Range(0, SpansPerTrace).Select(_ => Guid.NewGuid().ToByteArray()[..8]).ToArray();
            for (var s = 0; s < SpansPerTrace && t * SpansPerTrace + s < spansPerRequest; s++)
            {
                var span = new Span
                {
                    TraceId = ByteString.CopyFrom(traceIds[t]),
                    SpanId = ByteString.CopyFrom(spanIds[s]),
                    ParentSpanId = s == 0 ? ByteString.Empty : ByteString.CopyFrom(spanIds[s - 1]),
                    Name = s == 0 ? "GET /checkout" : $"step {s}",
                    Kind = s == 0 ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
                    StartTimeUnixNano = startNanos + (ulong)s * 1_000_000,
                    EndTimeUnixNano = startNanos + (ulong)(SpansPerTrace * 2 - s) * 1_000_000,
                    Status = new Status { Code = s == 7 ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
                };
                span.Attributes.Add(new KeyValue { Key = "http.route", Value = new AnyValue { StringValue = "/checkout" } });
                span.Attributes.Add(new KeyValue { Key = "http.status_code", Value = new AnyValue { IntValue = 200 } });
                perService[Services[s % Services.Length]].Spans.Add(span);
            }
        }
        _template = request.ToByteArray();
        _idOffsets = traceIds.Select(id => Offsets(_template, id)).ToArray();
    }

    public int SpansPerRequest { get; }

    /// <summary>A copy of the template with new trace ids.</summary>
    public byte[] Next()
    {
        var body = (byte[])_template.Clone();
        Span<byte> id = stackalloc byte[16];
        foreach (var offsets in _idOffsets)
        {
            Random.Shared.NextBytes(id);
            foreach (var offset in offsets)
            {
                id.CopyTo(body.AsSpan(offset, 16));
            }
        }
        return body;
    }

    private static int[] Offsets(byte[] body, byte[] id)
    {
        var found = new List<int>();
        for (var at = body.AsSpan().IndexOf(id); at >= 0;)
        {
            found.Add(at);
            var next = body.AsSpan(at + 1).IndexOf(id);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return found.ToArray();
    }
}
