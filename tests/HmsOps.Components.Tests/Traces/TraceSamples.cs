using HmsOps.Core.Telemetry;

namespace HmsOps.Components.Tests.Traces;

/// <summary>A checkout trace across three services (web → checkout-api → orders-db), times in µs from <see cref="T0"/>.</summary>
public static class TraceSamples
{
    public const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    public const string OtherTraceId = "0af7651916cd43dd8448eb211c80319c";
    public const long T0 = 1_767_000_000_000_000;

    public const string Root = "a000000000000001";
    public const string Api = "a000000000000002";
    public const string Db = "a000000000000003";
    public const string Cache = "a000000000000004";

    public static SpanEvent Span(string id, string? parent, long start, long duration, string service, string name, bool error = false,
        string attributes = "{}", string traceId = TraceId) =>
        new(traceId, id, parent, service, name, T0 + start, duration, error ? SpanStatus.Error : SpanStatus.Ok, attributes);

    public static SpanEvent[] Checkout() =>
    [
        Span(Root, null, 0, 100_000, "web", "GET /checkout") with { Kind = SpanKind.Server },
        Span(Api, Root, 5_000, 90_000, "checkout-api", "POST /orders", attributes: """{"http.route":"/orders","http.response.status_code":500}""") with
        {
            Kind = SpanKind.Server,
            EventsJson = $$"""[{"timeUnixMicros":{{T0 + 60_000}},"name":"retry","attributes":{"attempt":2} }]""",
            LinksJson = $$"""[{"traceId":"{{OtherTraceId}}","spanId":"b7ad6b7169203331","attributes":{} }]""",
            ResourceJson = """{"service.name":"checkout-api","host.name":"api-7"}""",
            ScopeJson = """{"name":"Microsoft.AspNetCore","version":"10.0.0","attributes":{} }""",
        },
        Span(Cache, Api, 6_000, 2_000, "checkout-api", "cache get"),
        Span(Db, Api, 10_000, 80_000, "orders-db", "INSERT orders", error: true) with { Kind = SpanKind.Client, StatusMessage = "deadlock victim" },
    ];
}
