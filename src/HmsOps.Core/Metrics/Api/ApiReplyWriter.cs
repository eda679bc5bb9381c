using System.Text.Json;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics.Api;

/// <summary>
/// Writes replies in Prometheus's JSON envelope with <see cref="Utf8JsonWriter"/> (no reflection, no intermediate
/// objects): <c>{"status":"success","data":…}</c> or <c>{"status":"error","errorType":…,"error":…}</c>, samples as
/// <c>[unixSeconds, "value"]</c>.
/// </summary>
public static class ApiReplyWriter
{
    /// <summary>Writer options: '+' in "+Inf" and label values go out as written, not as \u escapes.</summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static void Write(Utf8JsonWriter writer, ApiReply reply)
    {
        writer.WriteStartObject();
        if (reply is ErrorReply error)
        {
            writer.WriteString("status"u8, "error"u8);
            writer.WriteString("errorType"u8, error.Type.Wire());
            writer.WriteString("error"u8, error.Message);
            writer.WriteEndObject();
            return;
        }
        writer.WriteString("status"u8, "success"u8);
        writer.WritePropertyName("data"u8);
        switch (reply)
        {
            case QueryReply query:
                WriteQueryData(writer, query.Value);
                break;
            case StringListReply list:
                writer.WriteStartArray();
                foreach (var value in list.Values)
                {
                    writer.WriteStringValue(value);
                }
                writer.WriteEndArray();
                break;
            case SeriesReply series:
                writer.WriteStartArray();
                foreach (var labels in series.Series)
                {
                    WriteLabels(writer, labels);
                }
                writer.WriteEndArray();
                break;
            case MetadataReply metadata:
                WriteMetadata(writer, metadata);
                break;
            default:
                throw new ArgumentException($"Unknown reply {reply.GetType().Name}", nameof(reply));
        }
        writer.WriteEndObject();
    }

    private static void WriteQueryData(Utf8JsonWriter writer, QueryValue value)
    {
        writer.WriteStartObject();
        writer.WriteString("resultType"u8, value.ResultType);
        writer.WritePropertyName("result"u8);
        switch (value)
        {
            case ScalarResult scalar:
                WritePoint(writer, scalar.TimestampMs, scalar.Value);
                break;
            case StringResult text:
                writer.WriteStartArray();
                WriteTimestamp(writer, text.TimestampMs);
                writer.WriteStringValue(text.Value);
                writer.WriteEndArray();
                break;
            case VectorResult vector:
                writer.WriteStartArray();
                foreach (var sample in vector.Samples)
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("metric"u8);
                    WriteLabels(writer, sample.Labels);
                    writer.WritePropertyName("value"u8);
                    WritePoint(writer, sample.TimestampMs, sample.Value);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                break;
            case MatrixResult matrix:
                writer.WriteStartArray();
                foreach (var series in matrix.Series)
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("metric"u8);
                    WriteLabels(writer, series.Labels);
                    writer.WritePropertyName("values"u8);
                    writer.WriteStartArray();
                    for (var i = 0; i < series.Timestamps.Length; i++)
                    {
                        WritePoint(writer, series.Timestamps[i], series.Values[i]);
                    }
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"Unknown result {value.GetType().Name}", nameof(value));
        }
        writer.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter writer, MetadataReply metadata)
    {
        writer.WriteStartObject();
        foreach (var (name, type) in metadata.Families)
        {
            writer.WritePropertyName(name);
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("type"u8, type);
            writer.WriteString("help"u8, ""u8);
            writer.WriteString("unit"u8, ""u8);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter writer, LabelSet labels)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in labels.Pairs)
        {
            writer.WriteString(name, value);
        }
        writer.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter writer, long timestampMs, double value)
    {
        writer.WriteStartArray();
        WriteTimestamp(writer, timestampMs);
        Span<byte> text = stackalloc byte[PromNumber.MaxValueBytes];
        writer.WriteStringValue(text[..PromNumber.FormatValue(value, text)]);
        writer.WriteEndArray();
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, long timestampMs)
    {
        Span<byte> number = stackalloc byte[24];
        writer.WriteRawValue(number[..PromNumber.FormatTimestamp(timestampMs, number)], skipInputValidation: true);
    }
}
