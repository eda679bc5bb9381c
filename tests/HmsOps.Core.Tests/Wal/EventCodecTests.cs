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
