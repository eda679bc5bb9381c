using HmsOps.Core.Telemetry;
using HmsOps.Core.Wal;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Tests.Wal;

public sealed class EventCodecTests
{
    [Fact]
    public void Every_kind_of_event_comes_back_exactly_as_written()
    {
        TelemetryEvent[] events =
        [
            new MetricEvent("hms_http_requests_total", MetricKind.Counter, 1, LabelSet.From(("service", "claims-api"), ("code", "200")), 1_748_779_200_000),
            new MetricEvent("hms_ach_latency_seconds", MetricKind.Timing, 3.25, LabelSet.From(("rail", "fedach"), ("note", "\"quoted\" ünïcode\n")), 1_748_779_200_001),
            new MetricEvent("queue_depth", MetricKind.Gauge, -4.5, LabelSet.Empty, 1),
            new MetricEvent("size", MetricKind.Histogram, 0, LabelSet.Empty, 2),
            new MetricEvent("otlp_requests_total", MetricKind.CumulativeCounter, 1234, LabelSet.From(("service", "web-ui")), 3),
            new LogEvent(1_748_779_200_002, LogLevel.Security, "login refused for 'bob'", "api-gw", null, null, "{}"),
            new LogEvent(3, LogLevel.Error, "💥", "ach-svc", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", """{"route":"/ach"}"""),
            new SpanEvent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", null, "api-gw", "/payments", 1_748_779_200_000_000, 12_500, SpanStatus.Ok, "{}"),
            new SpanEvent("4bf92f3577b34da6a3ce929d0e0e4736", "53995c3f42cd8ad8", "00f067aa0ba902b7", "claims-api", "/claims/pay", 5, 0, SpanStatus.Error, """{"a":1}"""),
        ];

        var decoded = RoundTrip(events);

        Assert.Equal(events, decoded);
    }

    [Fact]
    public void Spans_sharing_resources_and_scopes_come_back_with_theirs_and_the_batch_carries_each_once()
    {
        const string Gateway = """{"service.name":"api-gw","host.name":"node-1","deployment.environment":"prod"}""";
        const string Claims = """{"service.name":"claims-api","host.name":"node-2","deployment.environment":"prod"}""";
        const string Scope = """{"name":"OpenTelemetry.Instrumentation.AspNetCore","version":"1.20.1"}""";
        var spans = Enumerable.Range(0, 200).Select(i => (TelemetryEvent)(Span(i) with
        {
            Kind = SpanKind.Server,
            ResourceJson = i % 3 == 2 ? null : string.Concat(i % 3 == 0 ? Gateway : Claims), // equal values, distinct strings
            ScopeJson = i % 2 == 0 ? Scope : null,
            StatusMessage = i == 7 ? "timeout" : null,
        })).ToArray();

        var bytes = Encode(spans);

        Assert.Equal(spans, Decode(bytes));
        // Against the same spans without resource and scope: each distinct value costs its bytes once, not once per span.
        var bare = Encode(spans.Cast<SpanEvent>().Select(span => (TelemetryEvent)(span with { ResourceJson = null, ScopeJson = null })).ToArray());
        Assert.InRange(bytes.Length - bare.Length, 0, Gateway.Length + Claims.Length + Scope.Length + 3 * 8);
    }

    [Fact]
    public void A_batch_a_previous_version_wrote_with_resources_on_every_span_still_replays()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            // Tag 4, as consoles before the shared-string tag wrote spans.
            writer.Write(1);
            writer.Write((byte)4);
            writer.Write("4bf92f3577b34da6a3ce929d0e0e4736");
            writer.Write("00f067aa0ba902b7");
            writer.Write(false);
            writer.Write("api-gw");
            writer.Write("/payments");
            writer.Write(1_748_779_200_000_000L);
            writer.Write(12_500L);
            writer.Write((byte)SpanStatus.Ok);
            writer.Write("{}");
            writer.Write((byte)SpanKind.Server);
            foreach (var optional in new[] { null, null, null, """{"service.name":"api-gw"}""", """{"name":"web"}""" })
            {
                writer.Write(optional is not null);
                if (optional is not null)
                {
                    writer.Write(optional);
                }
            }
        }

        var span = Assert.IsType<SpanEvent>(Assert.Single(Decode(buffer.ToArray())));

        Assert.Equal(("/payments", SpanKind.Server, """{"service.name":"api-gw"}""", """{"name":"web"}"""),
            (span.Name, span.Kind, span.ResourceJson, span.ScopeJson));
    }

    [Fact]
    public void An_empty_batch_round_trips()
    {
        Assert.Empty(RoundTrip([]));
    }

    [Fact]
    public void An_unknown_tag_is_reported_as_damaged_data()
    {
        var bytes = Encode([new LogEvent(1, LogLevel.Info, "m", "s", null, null, "{}")]);
        bytes[4] = 9;

        var error = Assert.Throws<InvalidDataException>(() => Decode(bytes));
        Assert.Contains("tag 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_off_batch_cannot_be_read_as_a_shorter_one()
    {
        var bytes = Encode([new LogEvent(1, LogLevel.Info, "message", "service", null, null, "{}")]);

        Assert.Throws<EndOfStreamException>(() => Decode(bytes[..^3]));
    }

    private static SpanEvent Span(int n) =>
        new(n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture), n.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
            null, "api-gw", "/payments", 1_748_779_200_000_000 + n, 12_500, SpanStatus.Ok, "{}");

    private static List<TelemetryEvent> RoundTrip(IReadOnlyList<TelemetryEvent> events) => Decode(Encode(events));

    private static byte[] Encode(IReadOnlyList<TelemetryEvent> events)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            EventCodec.Write(writer, events);
        }
        return buffer.ToArray();
    }

    private static List<TelemetryEvent> Decode(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return EventCodec.Read(reader);
    }
}
