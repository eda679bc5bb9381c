using System.Globalization;
using HmsOps.Core.Telemetry;

namespace HmsOps.Bench.Traces;

/// <summary>
/// Traces like the demo fleet's: a root on the gateway, then API and database hops, 2–18 spans each (10 on average),
/// random 128-bit trace ids (so inserts land all over the B-tree, as real ones do), starting in time order over the
/// last 30 days (as ingest writes them: the time indexes grow at their end).
/// </summary>
/// <remarks>
/// With <c>ascendingIds</c> the ids are still spread uniformly over the 128-bit space but handed out in ascending order,
/// so a large database is bulk-loaded by appending (minutes instead of an hour on two cores); its B-tree pages end up
/// fuller than live ingest leaves them, with the same depth.
/// </remarks>
public sealed class SpanGenerator(int seed, DateTimeOffset end, long totalSpans, bool ascendingIds)
{
    private static readonly string[] Services = ["api-gw", "claims-api", "ach-svc", "mesh", "claims-db"];
    private static readonly string[] Operations = ["GET /claims/{id}", "POST /claims", "SELECT claim", "INSERT claim", "route", "POST /ach/transfer"];
    private readonly Random _random = new(seed);
    private readonly long _startUs = end.AddDays(-30).ToUnixTimeMilliseconds() * 1000;
    private readonly long _spanUs = (long)TimeSpan.FromDays(30).TotalMicroseconds;
    private long _written;
    private long _traces;

    /// <summary>Appends one trace's spans to <paramref name="batch"/> and returns its id.</summary>
    public string NextTrace(List<SpanEvent> batch)
    {
        var traceId = ascendingIds ? AscendingId() : Hex(16);
        var count = _random.Next(2, 19);
        // About 10 spans a trace: the clock advances so that totalSpans spans fill the 30 days.
        var rootStart = _startUs + (long)(_spanUs * Math.Min(1.0, _written / (double)totalSpans));
        _written += count;
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

    /// <summary>The k-th of at most totalSpans/2 traces gets the k-th slot of the high 64 bits, at a random place in it.</summary>
    private string AscendingId()
    {
        var stride = ulong.MaxValue / (ulong)Math.Max(1, totalSpans / 2);
        var high = (ulong)_traces++ * stride + (ulong)_random.NextInt64((long)Math.Min(stride, long.MaxValue));
        return high.ToString("x16", CultureInfo.InvariantCulture) + Hex(8);
    }

    private string Hex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        _random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}
