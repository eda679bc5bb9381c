using System.Globalization;
using HmsOps.Core.Telemetry;

namespace HmsOps.Bench.Traces;

/// <summary>
/// Traces like the demo fleet's: a root on the gateway, then API and database hops, 2–30 spans each (10 on average),
/// random 128-bit trace ids (so inserts land all over the B-tree, as real ones do), starts spread over 30 days.
/// </summary>
public sealed class SpanGenerator(int seed, DateTimeOffset end)
{
    private static readonly string[] Services = ["api-gw", "claims-api", "ach-svc", "mesh", "claims-db"];
    private static readonly string[] Operations = ["GET /claims/{id}", "POST /claims", "SELECT claim", "INSERT claim", "route", "POST /ach/transfer"];
    private readonly Random _random = new(seed);
    private readonly long _startUs = end.AddDays(-30).ToUnixTimeMilliseconds() * 1000;
    private readonly long _spanUs = (long)TimeSpan.FromDays(30).TotalMicroseconds;

    /// <summary>Appends one trace's spans to <paramref name="batch"/> and returns its id.</summary>
    public string NextTrace(List<SpanEvent> batch)
    {
        var traceId = Hex(16);
        var count = _random.Next(2, 19);
        var rootStart = _startUs + _random.NextInt64(_spanUs);
        var rootId = Hex(8);
        var rootDuration = _random.Next(2_000, 800_000);
        batch.Add(Span(traceId, rootId, null, 0, rootStart, rootDuration));
        var parents = new List<string> { rootId };
        for (var i = 1; i < count; i++)
        {
            var spanId = Hex(8);
            var parent = parents[_random.Next(parents.Count)];
            batch.Add(Span(traceId, spanId, parent, 1 + _random.Next(Services.Length - 1), rootStart + _random.Next(0, rootDuration / 2),
                _random.Next(100, rootDuration / 2)));
            parents.Add(spanId);
        }
        return traceId;
    }

    private SpanEvent Span(string traceId, string spanId, string? parent, int service, long startUs, long durationUs)
    {
        var status = _random.Next(50) == 0 ? SpanStatus.Error : SpanStatus.Ok;
        var code = status == SpanStatus.Error ? 500 : 200;
        return new SpanEvent(traceId, spanId, parent, Services[service], Operations[_random.Next(Operations.Length)], startUs, durationUs, status,
            string.Create(CultureInfo.InvariantCulture, $$"""{"http.status_code":{{code}},"net.peer.name":"{{Services[service]}}.svc","env":"prod"}"""))
        {
            Kind = parent is null ? SpanKind.Server : SpanKind.Client,
            ResourceJson = $$"""{"service.name":"{{Services[service]}}","host.name":"node-{{_random.Next(8)}}"}""",
        };
    }

    private string Hex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        _random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}
