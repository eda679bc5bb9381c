using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace HmsOps.Bench.Ingest;

/// <summary>
/// Builds batches that look like a small fleet's traffic: request-duration histograms and request
/// counters per service and route, queue-depth gauges, logs (most carrying the trace and span of the
/// request they describe, with a few extra fields) and spans forming three- and four-hop traces.
/// </summary>
public sealed class BatchGenerator(EventMix mix, Random random)
{
    private static readonly (string Service, string[] Routes)[] Fleet =
    [
        ("api-gw", ["/payments", "/claims", "/members", "/login"]),
        ("claims-api", ["/claims", "/claims/pay", "/claims/{id}"]),
        ("ach-svc", ["/ach/transfer", "/ach/status"]),
        ("eligibility", ["/eligibility/check", "/eligibility/plans"]),
        ("member-portal", ["/", "/profile", "/documents"]),
        ("notifier", ["/notify/email", "/notify/sms"]),
    ];

    private static readonly string[] Codes = ["200", "200", "200", "200", "200", "200", "201", "404", "500", "502"];
    private static readonly string[] Hosts = ["node-a", "node-b", "node-c"];

    private readonly ArrayBufferWriter<byte> _output = new(256 * 1024);
    private readonly List<int> _stamps = [];
    private readonly List<TimeHole> _unixMs = [];
    private readonly List<TimeHole> _rfc3339 = [];
    private Utf8JsonWriter _writer = null!;
    private string _tracePrefix = "";
    private string? _parentSpan;
    private string _lastSpan = "";
    private int _spansInTrace;

    public BatchBody Create(int size)
    {
        _output.ResetWrittenCount();
        _stamps.Clear();
        _unixMs.Clear();
        _rfc3339.Clear();
        NewTrace();
        int metrics = 0, logs = 0, spans = 0;
        using (_writer = new Utf8JsonWriter(_output))
        {
            _writer.WriteStartArray();
            for (var i = 0; i < size; i++)
            {
                switch (NextKind())
                {
                    case Kind.Timing: Timing(); metrics++; break;
                    case Kind.Counter: Counter(); metrics++; break;
                    case Kind.Gauge: Gauge(); metrics++; break;
                    case Kind.Log: Log(); logs++; break;
                    default: Span(); spans++; break;
                }
            }
            _writer.WriteEndArray();
        }
        return new BatchBody(_output.WrittenSpan.ToArray(), size, metrics, logs, spans, [.. _stamps], [.. _unixMs], [.. _rfc3339]);
    }

    private enum Kind { Timing, Counter, Gauge, Log, Span }

    private Kind NextKind()
    {
        var roll = random.NextDouble();
        return mix switch
        {
            EventMix.Metrics => roll < 0.6 ? Kind.Timing : roll < 0.9 ? Kind.Counter : Kind.Gauge,
            EventMix.Logs => Kind.Log,
            EventMix.Spans => Kind.Span,
            // Mixed: 40 % histograms, 20 % counters, 5 % gauges, 25 % logs, 10 % spans.
            _ => roll < 0.40 ? Kind.Timing : roll < 0.60 ? Kind.Counter : roll < 0.65 ? Kind.Gauge : roll < 0.90 ? Kind.Log : Kind.Span,
        };
    }

    private void Timing()
    {
        var (service, route) = Pick();
        Item("metric", () =>
        {
            _writer.WriteString("name", "hms_http_request_duration_seconds");
            _writer.WriteString("kind", "timing");
            _writer.WriteNumber("value", Math.Round(LatencySeconds(), 4));
            UnixMs("timestamp");
            _writer.WriteStartObject("labels");
            _writer.WriteString("service", service);
            _writer.WriteString("route", route);
            _writer.WriteEndObject();
        });
    }

    private void Counter()
    {
        var (service, route) = Pick();
        Item("metric", () =>
        {
            _writer.WriteString("name", "hms_http_requests_total");
            _writer.WriteString("kind", "counter");
            _writer.WriteNumber("value", 1);
            UnixMs("timestamp");
            _writer.WriteStartObject("labels");
            _writer.WriteString("service", service);
            _writer.WriteString("route", route);
            _writer.WriteString("code", Codes[random.Next(Codes.Length)]);
            _writer.WriteEndObject();
        });
    }

    private void Gauge()
    {
        var (service, _) = Pick();
        Item("metric", () =>
        {
            _writer.WriteString("name", "hms_queue_depth");
            _writer.WriteString("kind", "gauge");
            _writer.WriteNumber("value", random.Next(0, 500));
            UnixMs("timestamp");
            _writer.WriteStartObject("labels");
            _writer.WriteString("service", service);
            _writer.WriteString("host", Hosts[random.Next(Hosts.Length)]);
            _writer.WriteEndObject();
        });
    }

    private void Log()
    {
        var (service, route) = Pick();
        var failed = random.NextDouble() < 0.05;
        var durationMs = Math.Round(LatencySeconds() * 1000, 1);
        var traced = random.NextDouble() < 0.8;
        Item("log", () =>
        {
            Rfc3339("timestamp");
            _writer.WriteString("level", failed ? "error" : random.NextDouble() < 0.1 ? "warn" : "info");
            _writer.WriteString("message", failed
                ? $"{route} failed with 500 after {durationMs.ToString("0", CultureInfo.InvariantCulture)} ms: upstream connection reset"
                : $"{route} handled in {durationMs.ToString("0", CultureInfo.InvariantCulture)} ms");
            _writer.WriteString("service", service);
            if (traced)
            {
                TraceId("traceId");
                _writer.WriteString("spanId", _lastSpan);
            }
            _writer.WriteString("route", route);
            _writer.WriteNumber("durationMs", durationMs);
            _writer.WriteString("host", Hosts[random.Next(Hosts.Length)]);
        });
    }

    private void Span()
    {
        if (_spansInTrace >= 3 + random.Next(2))
        {
            NewTrace();
        }
        var (service, route) = Pick();
        var spanId = Hex(8);
        var parent = _parentSpan;
        var failed = random.NextDouble() < 0.02;
        Item("trace", () =>
        {
            TraceId("traceId");
            _writer.WriteString("spanId", spanId);
            if (parent is not null)
            {
                _writer.WriteString("parentSpanId", parent);
            }
            _writer.WriteString("service", service);
            _writer.WriteString("name", route);
            UnixMs("start", ageMs: 1_000 + 50 * _spansInTrace);
            _writer.WriteNumber("durationMs", Math.Round(LatencySeconds() * 1000, 3));
            _writer.WriteString("status", failed ? "error" : "ok");
            _writer.WriteStartObject("attributes");
            _writer.WriteString("http.route", route);
            _writer.WriteString("http.status_code", failed ? "500" : "200");
            _writer.WriteString("net.host.name", Hosts[random.Next(Hosts.Length)]);
            _writer.WriteEndObject();
        });
        _parentSpan = spanId;
        _lastSpan = spanId;
        _spansInTrace++;
    }

    private void Item(string type, Action payload)
    {
        _writer.WriteStartObject();
        _writer.WriteString("type", type);
        _writer.WriteStartObject("payload");
        payload();
        _writer.WriteEndObject();
        _writer.WriteEndObject();
    }

    /// <summary>A 32-hex trace id: 24 random digits for this trace, then the per-request stamp.</summary>
    private void TraceId(string name)
    {
        _writer.WritePropertyName(name);
        _stamps.Add(Position + 1 + 24);
        _writer.WriteStringValue(_tracePrefix + new string('0', BatchBody.StampLength));
    }

    private void UnixMs(string name, int? ageMs = null)
    {
        _writer.WritePropertyName(name);
        _unixMs.Add(new TimeHole(Position, ageMs ?? random.Next(0, 1_000)));
        _writer.WriteNumberValue(1_000_000_000_000L); // 13 digits, overwritten before each send
    }

    private void Rfc3339(string name)
    {
        _writer.WritePropertyName(name);
        _rfc3339.Add(new TimeHole(Position + 1, random.Next(0, 1_000)));
        _writer.WriteStringValue(new string('0', BatchBody.Rfc3339Length));
    }

    // Flushed bytes are already in the output; pending ones are next. The value starts right after the property name.
    private int Position => _output.WrittenCount + _writer.BytesPending;

    private void NewTrace()
    {
        _tracePrefix = Hex(12);
        _parentSpan = null;
        _lastSpan = Hex(8); // logs written before the trace's first span still name a span
        _spansInTrace = 0;
    }

    private (string Service, string Route) Pick()
    {
        var (service, routes) = Fleet[random.Next(Fleet.Length)];
        return (service, routes[random.Next(routes.Length)]);
    }

    private double LatencySeconds()
    {
        // Log-normal around 80 ms, as request latencies are.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return 0.08 * Math.Exp(0.8 * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    private string Hex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        random.NextBytes(buffer);
        buffer[0] |= 1; // never all zeros
        return Convert.ToHexStringLower(buffer);
    }
}
