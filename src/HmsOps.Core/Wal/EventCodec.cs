using HmsOps.Core.Telemetry;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Wal;

/// <summary>The compact binary form of a batch of validated events, as kept in the write-ahead log.</summary>
public static class EventCodec
{
    private const byte MetricTag = 1;
    private const byte LogTag = 2;
    private const byte SpanTag = 3;
    // Spans with OTLP's extras (kind, status message, events, links, resource, scope). Tag 3 stays readable
    // so a log written by an older console replays.
    private const byte SpanWithDetailTag = 4;
    // As tag 4, but resource and scope JSON are written once per batch: a span refers to them by number (see WriteShared).
    // An OTLP export's spans share a handful of resources and scopes, which were most of a span's bytes in the log.
    private const byte SpanSharedTag = 5;

    public static void Write(BinaryWriter writer, IReadOnlyList<TelemetryEvent> events)
    {
        Dictionary<string, int>? shared = null;
        writer.Write(events.Count);
        foreach (var item in events)
        {
            switch (item)
            {
                case MetricEvent m:
                    writer.Write(MetricTag);
                    writer.Write(m.Name);
                    writer.Write((byte)m.Kind);
                    writer.Write(m.Value);
                    writer.Write(m.TimestampMs);
                    writer.Write(m.Labels.Count);
                    foreach (var pair in m.Labels.Pairs)
                    {
                        writer.Write(pair.Key);
                        writer.Write(pair.Value);
                    }
                    break;
                case LogEvent l:
                    writer.Write(LogTag);
                    writer.Write(l.TimestampMs);
                    writer.Write((byte)l.Level);
                    writer.Write(l.Message);
                    writer.Write(l.Service);
                    WriteOptional(writer, l.TraceId);
                    WriteOptional(writer, l.SpanId);
                    writer.Write(l.FieldsJson);
                    break;
                case SpanEvent s:
                    writer.Write(SpanSharedTag);
                    writer.Write(s.TraceId);
                    writer.Write(s.SpanId);
                    WriteOptional(writer, s.ParentSpanId);
                    writer.Write(s.Service);
                    writer.Write(s.Name);
                    writer.Write(s.StartUnixMicros);
                    writer.Write(s.DurationMicros);
                    writer.Write((byte)s.Status);
                    writer.Write(s.AttributesJson);
                    writer.Write((byte)s.Kind);
                    WriteOptional(writer, s.StatusMessage);
                    WriteOptional(writer, s.EventsJson);
                    WriteOptional(writer, s.LinksJson);
                    shared ??= new Dictionary<string, int>(StringComparer.Ordinal);
                    WriteShared(writer, s.ResourceJson, shared);
                    WriteShared(writer, s.ScopeJson, shared);
                    break;
                default:
                    throw new ArgumentException($"cannot encode {item.GetType().Name}", nameof(events));
            }
        }
    }

    public static List<TelemetryEvent> Read(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var events = new List<TelemetryEvent>(count);
        List<string>? shared = null;
        for (var i = 0; i < count; i++)
        {
            var tag = reader.ReadByte();
            events.Add(tag switch
            {
                MetricTag => ReadMetric(reader),
                LogTag => new LogEvent(reader.ReadInt64(), (LogLevel)reader.ReadByte(), reader.ReadString(), reader.ReadString(),
                    ReadOptional(reader), ReadOptional(reader), reader.ReadString()),
                SpanTag => ReadSpan(reader),
                SpanWithDetailTag => ReadSpan(reader) with
                {
                    Kind = (SpanKind)reader.ReadByte(),
                    StatusMessage = ReadOptional(reader),
                    EventsJson = ReadOptional(reader),
                    LinksJson = ReadOptional(reader),
                    ResourceJson = ReadOptional(reader),
                    ScopeJson = ReadOptional(reader),
                },
                SpanSharedTag => ReadSpan(reader) with
                {
                    Kind = (SpanKind)reader.ReadByte(),
                    StatusMessage = ReadOptional(reader),
                    EventsJson = ReadOptional(reader),
                    LinksJson = ReadOptional(reader),
                    ResourceJson = ReadShared(reader, shared ??= []),
                    ScopeJson = ReadShared(reader, shared),
                },
                _ => throw new InvalidDataException($"unknown event tag {tag} in the write-ahead log"),
            });
        }
        return events;
    }

    private static SpanEvent ReadSpan(BinaryReader reader) =>
        new(reader.ReadString(), reader.ReadString(), ReadOptional(reader), reader.ReadString(),
            reader.ReadString(), reader.ReadInt64(), reader.ReadInt64(), (SpanStatus)reader.ReadByte(), reader.ReadString());

    private static MetricEvent ReadMetric(BinaryReader reader)
    {
        var name = reader.ReadString();
        var kind = (MetricKind)reader.ReadByte();
        var value = reader.ReadDouble();
        var timestamp = reader.ReadInt64();
        var labelCount = reader.ReadInt32();
        var pairs = new KeyValuePair<string, string>[labelCount];
        for (var i = 0; i < labelCount; i++)
        {
            pairs[i] = new(reader.ReadString(), reader.ReadString());
        }
        return new MetricEvent(name, kind, value, LabelSet.From(pairs), timestamp);
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    /// <summary>
    /// A string repeated across a batch: 0 is null, -1 is a new value (written next, and numbered 1, 2, ... in order of
    /// first use within the batch), n &gt; 0 is the n-th value already written. Numbers never cross batches, so every
    /// batch still decodes on its own.
    /// </summary>
    private static void WriteShared(BinaryWriter writer, string? value, Dictionary<string, int> shared)
    {
        if (value is null)
        {
            writer.Write7BitEncodedInt(0);
        }
        else if (shared.TryGetValue(value, out var number))
        {
            writer.Write7BitEncodedInt(number);
        }
        else
        {
            shared.Add(value, shared.Count + 1);
            writer.Write7BitEncodedInt(-1);
            writer.Write(value);
        }
    }

    private static string? ReadShared(BinaryReader reader, List<string> shared)
    {
        var number = reader.Read7BitEncodedInt();
        switch (number)
        {
            case 0:
                return null;
            case -1:
                var value = reader.ReadString();
                shared.Add(value);
                return value;
            case > 0 when number <= shared.Count:
                return shared[number - 1];
            default:
                throw new InvalidDataException($"shared string {number} of a batch that has {shared.Count} in the write-ahead log");
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
