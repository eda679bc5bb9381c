using System.Globalization;
using System.Text;
using System.Text.Json;
using HmsOps.Core.Propagation;

namespace HmsOps.Core.Demo;

/// <summary>
/// Simulates one tick of the fleet: requests enter api-gw, call claims-api, and payments go on to
/// ach-svc (the payment rail). A fault in a service adds latency to it and to everything upstream.
/// Output is NDJSON in the public ingest format, so the demo is validated like any client.
/// Each request is answered by one version of each service (two during a rolling update or canary, split by
/// <see cref="TrafficSplit"/>), and faults bind to versions; request metrics carry a <c>version</c> label so a canary's
/// error rate and latency can be compared with the stable version's.
/// </summary>
/// <param name="versions">Which versions answer a service's requests this tick; by default the seed's current version.</param>
public sealed class DemoTraffic(DemoOptions options, Random random, Func<string, TrafficSplit>? versions = null)
{
    private const double BaseErrorRate = 0.002;
    private const double AchMedianSeconds = 0.18;
    private const double AchSigma = 0.35;

    private readonly RailQueue _rail = new(options.RailConnections, options.MaxRailQueue);

    // Set per tick: how long a payment waits for a rail connection, and how many more the queue can take.
    private double _railWaitSeconds;
    private double _railRoom;
    private int _admitted;
    private readonly Dictionary<string, TrafficSplit> _splits = new(StringComparer.Ordinal);

    /// <param name="faults">The fault in force for a service's version, if any.</param>
    public byte[] Generate(DateTimeOffset tickEnd, TimeSpan tickLength, Func<string, string, ActiveFault?> faults)
    {
        foreach (var service in DemoOptions.Services)
        {
            _splits[service] = versions?.Invoke(service) ?? TrafficSplit.Single(options.SeedFor(service).CurrentVersion);
        }
        var expected = options.RequestsPerSecond * tickLength.TotalSeconds;
        var count = (int)Math.Floor(expected) + (random.NextDouble() < expected - Math.Floor(expected) ? 1 : 0);
        var output = new MemoryStream();
        // Mean of the log-normal transfer time, plus whatever the fault adds to each transfer.
        var meanTransfer = AchMedianSeconds * Math.Exp(AchSigma * AchSigma / 2) + MeanFaultLatencyMs("ach-svc", faults) / 1000.0;
        _railWaitSeconds = _rail.WaitSeconds(meanTransfer);
        _railRoom = _rail.Room(meanTransfer, tickLength);
        _admitted = 0;
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            for (var i = 0; i < count; i++)
            {
                var start = tickEnd - tickLength * random.NextDouble();
                SimulateRequest(writer, output, start, faults);
            }
            _rail.Advance(_admitted, meanTransfer, tickLength);
            Metric(writer, output, "hms_ach_queue_depth", "gauge", Math.Round(_rail.Queued), tickEnd, ("service", "ach-svc"), ("rail", "fedach"));
        }
        return output.ToArray();
    }

    /// <summary>The fault latency a service adds on average this tick, weighting each version by its share of traffic.</summary>
    private double MeanFaultLatencyMs(string service, Func<string, string, ActiveFault?> faults)
    {
        var split = _splits[service];
        var stable = faults(service, split.Stable)?.LatencyMs ?? 0;
        return split.Other is null ? stable : stable * (1 - split.OtherShare) + (faults(service, split.Other)?.LatencyMs ?? 0) * split.OtherShare;
    }

    private void SimulateRequest(Utf8JsonWriter writer, MemoryStream output, DateTimeOffset start, Func<string, string, ActiveFault?> faults)
    {
        var isPayment = random.NextDouble() < 0.7;
        var traced = random.NextDouble() < options.TraceSampleRate;
        // Half the callers are seed clients that name their trace in x-trace (UUID form); the rest send nothing.
        var clientTraceId = RandomHex(16);
        var clientHeaders = random.NextDouble() < 0.5
            ? new SimulatedHeaders(null, XTraceHeader.Format(clientTraceId, uuidForm: true))
            : new SimulatedHeaders(null, null);

        HopResult? ach = isPayment ? AchHop(faults) : null;
        var claims = Hop("claims-api", isPayment ? "/claims/pay" : "/claims", 0.03, 0.4, faults, ach);
        var gateway = Hop("api-gw", isPayment ? "/payments" : "/claims", 0.008, 0.3, faults, claims);
        traced |= gateway.Failed;

        var gatewayId = RandomHex(8);
        var claimsId = RandomHex(8);
        var achId = RandomHex(8);
        var claimsStart = start.AddSeconds(gateway.OwnSeconds / 2);
        var achStart = claimsStart.AddSeconds(claims.OwnSeconds / 2);

        // Each hop reads the trace context from the headers its caller sent, as the real services' middleware does,
        // so the demo's trees are built by the same parsing and formatting as theirs.
        var gatewayLink = TraceLink.Resolve(clientHeaders.TraceParent, clientHeaders.XTrace, () => RandomHex(16));
        var claimsLink = Receive(SimulatedHeaders.Outgoing(gatewayLink, gatewayId));
        Emit(writer, output, gateway, start, traced, gatewayLink, gatewayId);
        Emit(writer, output, claims, claimsStart, traced, claimsLink, claimsId);
        if (ach is not null)
        {
            var achLink = Receive(SimulatedHeaders.Outgoing(claimsLink, claimsId));
            Emit(writer, output, ach, achStart, traced, achLink, achId);
            Metric(writer, output, "hms_ach_latency_seconds", "timing", ach.TotalSeconds, achStart.AddSeconds(ach.TotalSeconds),
                ("service", "ach-svc"), ("rail", "fedach"));
        }
    }

    private TraceLink Receive(SimulatedHeaders headers) => TraceLink.Resolve(headers.TraceParent, headers.XTrace, () => RandomHex(16));

    private HopResult AchHop(Func<string, string, ActiveFault?> faults)
    {
        if (_railRoom < 1)
        {
            // No room in the queue: refused at once, so the caller can retry later rather than wait forever.
            return new HopResult("ach-svc", _splits["ach-svc"].Pick(random), "/ach/transfer", 0.002, 0.002, Failed: true, "503");
        }
        _railRoom--;
        _admitted++;
        var hop = Hop("ach-svc", "/ach/transfer", AchMedianSeconds, AchSigma, faults, downstream: null);
        return hop with { OwnSeconds = hop.OwnSeconds + _railWaitSeconds, TotalSeconds = hop.TotalSeconds + _railWaitSeconds };
    }

    private HopResult Hop(string service, string route, double medianSeconds, double sigma, Func<string, string, ActiveFault?> faults, HopResult? downstream)
    {
        var version = _splits[service].Pick(random);
        var fault = faults(service, version);
        var own = medianSeconds * Math.Exp(sigma * Gaussian()) + (fault?.LatencyMs ?? 0) / 1000.0;
        var failed = random.NextDouble() < BaseErrorRate + (fault?.ErrorRate ?? 0) || downstream?.Failed == true;
        var code = !failed ? "200" : downstream?.Failed == true ? "502" : "500";
        return new HopResult(service, version, route, own, own + (downstream?.TotalSeconds ?? 0), failed, code);
    }

    private void Emit(Utf8JsonWriter writer, MemoryStream output, HopResult hop, DateTimeOffset start, bool traced, TraceLink link, string spanId)
    {
        var traceId = link.TraceId;
        var parentSpanId = link.ParentSpanId;
        var end = start.AddSeconds(hop.TotalSeconds);
        Metric(writer, output, "hms_http_request_duration_seconds", "timing", hop.TotalSeconds, end,
            ("service", hop.Service), ("route", hop.Route), ("version", hop.Version));
        Metric(writer, output, "hms_http_requests_total", "counter", 1, end, ("service", hop.Service), ("code", hop.Code), ("version", hop.Version));
        if (!traced)
        {
            return;
        }

        Line(writer, output, "trace", w =>
        {
            w.WriteString("traceId", traceId);
            w.WriteString("spanId", spanId);
            if (parentSpanId is not null)
            {
                w.WriteString("parentSpanId", parentSpanId);
            }
            w.WriteString("service", hop.Service);
            w.WriteString("name", hop.Route);
            w.WriteNumber("start", start.ToUnixTimeMilliseconds());
            w.WriteNumber("durationMs", Math.Round(hop.TotalSeconds * 1000, 3));
            w.WriteString("status", hop.Failed ? "error" : "ok");
            w.WriteStartObject("attributes");
            w.WriteString("http.route", hop.Route);
            w.WriteString("http.status_code", hop.Code);
            w.WriteEndObject();
        });
        TraceLinkLog(writer, output, hop, start, link, spanId);
        Line(writer, output, "log", w =>
        {
            w.WriteNumber("timestamp", end.ToUnixTimeMilliseconds());
            w.WriteString("level", hop.Failed ? "error" : "info");
            w.WriteString("message", hop.Failed
                ? $"{hop.Route} failed with {hop.Code} after {hop.TotalSeconds * 1000:0} ms"
                : $"{hop.Route} handled in {hop.TotalSeconds * 1000:0} ms");
            w.WriteString("service", hop.Service);
            w.WriteString("traceId", traceId);
            w.WriteString("spanId", spanId);
            w.WriteString("route", hop.Route);
            w.WriteNumber("durationMs", Math.Round(hop.TotalSeconds * 1000, 1));
            w.WriteString("status", hop.Code);
        });
    }

    /// <summary>Which incoming header each hop joined its trace from: the searchable record of the hand-over.</summary>
    private static void TraceLinkLog(Utf8JsonWriter writer, MemoryStream output, HopResult hop, DateTimeOffset start, TraceLink link, string spanId)
    {
        Line(writer, output, "log", w =>
        {
            w.WriteNumber("timestamp", start.ToUnixTimeMilliseconds());
            w.WriteString("level", "info");
            w.WriteString("message", TraceLink.LogMessage);
            w.WriteString("service", hop.Service);
            w.WriteString("traceId", link.TraceId);
            w.WriteString("spanId", spanId);
            w.WriteString("header", link.IncomingHeader ?? "none");
            if (link.IncomingValue is not null)
            {
                w.WriteString("incoming", link.IncomingValue);
            }
            if (link.ParentSpanId is not null)
            {
                w.WriteString("parentSpanId", link.ParentSpanId);
            }
            w.WriteBoolean("generated", link.Generated);
            w.WriteString("path", hop.Route);
        });
    }

    private static void Metric(Utf8JsonWriter writer, MemoryStream output, string name, string kind, double value, DateTimeOffset at,
        params (string Name, string Value)[] labels)
    {
        Line(writer, output, "metric", w =>
        {
            w.WriteString("name", name);
            w.WriteString("kind", kind);
            w.WriteNumber("value", value);
            w.WriteNumber("timestamp", at.ToUnixTimeMilliseconds());
            w.WriteStartObject("labels");
            foreach (var (labelName, labelValue) in labels)
            {
                w.WriteString(labelName, labelValue);
            }
            w.WriteEndObject();
        });
    }

    private static void Line(Utf8JsonWriter writer, MemoryStream output, string type, Action<Utf8JsonWriter> payload)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteStartObject("payload");
        payload(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        writer.Reset();
        output.WriteByte((byte)'\n');
    }

    private double Gaussian()
    {
        // Box-Muller: latencies are log-normal around each service's median.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private string RandomHex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        random.NextBytes(buffer);
        buffer[0] |= 1; // never all zeros, which W3C forbids
        return Convert.ToHexStringLower(buffer);
    }

    /// <summary>The trace headers one simulated hop sends the next.</summary>
    private sealed record SimulatedHeaders(string? TraceParent, string? XTrace)
    {
        public static SimulatedHeaders Outgoing(TraceLink link, string callerSpanId) => new(
            Propagation.TraceParent.Format(new TraceContext(link.TraceId, callerSpanId, link.Flags)),
            link.XTraceValue);
    }

    private sealed record HopResult(string Service, string Version, string Route, double OwnSeconds, double TotalSeconds, bool Failed, string Code);
}
