using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Console.Live;

/// <summary>
/// A query value in the JSON shape of the Prometheus API's <c>data.result</c>: vectors as
/// <c>[{"metric":{...},"value":[ts,"v"]}]</c>, matrices with <c>"values"</c>, scalars and strings as <c>[ts,"v"]</c>;
/// timestamps in seconds, values as strings ("NaN", "+Inf", "-Inf", never exponent notation).
/// </summary>
public static class PrometheusResultJson
{
    // Each result is converted once, however many subscribers it goes to.
    private static readonly ConditionalWeakTable<QueryValue, object> Cache = [];

    public static JsonElement ToJson(QueryValue value) =>
        (JsonElement)Cache.GetValue(value, static v => Convert(v));

    private static object Convert(QueryValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps label values such as le="+Inf" readable; the JSON never lands in HTML.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, value);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    public static void Write(Utf8JsonWriter writer, QueryValue value)
    {
        switch (value)
        {
            case ScalarResult scalar:
                WritePoint(writer, scalar.TimestampMs, FormatValue(scalar.Value));
                break;
            case StringResult text:
                WritePoint(writer, text.TimestampMs, text.Value);
                break;
            case VectorResult vector:
                writer.WriteStartArray();
                foreach (var sample in vector.Samples)
                {
                    writer.WriteStartObject();
                    WriteMetric(writer, sample.Labels);
                    writer.WritePropertyName("value");
                    WritePoint(writer, sample.TimestampMs, FormatValue(sample.Value));
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                break;
            case MatrixResult matrix:
                writer.WriteStartArray();
                foreach (var series in matrix.Series)
                {
                    writer.WriteStartObject();
                    WriteMetric(writer, series.Labels);
                    writer.WriteStartArray("values");
                    for (var i = 0; i < series.Timestamps.Length; i++)
                    {
                        WritePoint(writer, series.Timestamps[i], FormatValue(series.Values[i]));
                    }
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"result type {value.ResultType}");
        }
    }

    /// <summary>As Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c>, which Prometheus uses.</summary>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        return e < 0 ? shortest : ExpandExponent(shortest[..e], int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture));
    }

    private static string ExpandExponent(string mantissa, int exponent)
    {
        var negative = mantissa.StartsWith('-');
        var unsigned = negative ? mantissa[1..] : mantissa;
        var point = unsigned.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? unsigned : unsigned.Remove(point, 1);
        var pointAt = (point < 0 ? unsigned.Length : point) + exponent;
        string text;
        if (pointAt <= 0)
        {
            text = "0." + new string('0', -pointAt) + digits;
        }
        else if (pointAt >= digits.Length)
        {
            text = digits + new string('0', pointAt - digits.Length);
        }
        else
        {
            text = digits[..pointAt] + "." + digits[pointAt..];
        }
        return negative ? "-" + text : text;
    }

    private static void WriteMetric(Utf8JsonWriter writer, LabelSet labels)
    {
        writer.WriteStartObject("metric");
        foreach (var (name, value) in labels.Pairs)
        {
            writer.WriteString(name, value);
        }
        writer.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter writer, long timestampMs, string value)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(timestampMs / 1000m);
        writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
