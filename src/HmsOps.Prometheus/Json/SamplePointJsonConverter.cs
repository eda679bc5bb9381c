using System.Text.Json;
using System.Text.Json.Serialization;

namespace HmsOps.Prometheus;

/// <summary>Reads and writes <c>[unixSeconds, "value"]</c>.</summary>
public sealed class SamplePointJsonConverter : JsonConverter<SamplePoint>
{
    public override SamplePoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var (unixSeconds, text) = SamplePair.Read(ref reader);
        return PrometheusValue.TryParse(text, out var value)
            ? new SamplePoint(unixSeconds, value)
            : throw new JsonException($"'{text}' is not a Prometheus sample value.");
    }

    public override void Write(Utf8JsonWriter writer, SamplePoint value, JsonSerializerOptions options) =>
        SamplePair.Write(writer, value.UnixSeconds, PrometheusValue.Format(value.Value));
}

/// <summary>Reads and writes <c>[unixSeconds, "text"]</c>.</summary>
public sealed class StringSampleJsonConverter : JsonConverter<StringSample>
{
    public override StringSample Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var (unixSeconds, text) = SamplePair.Read(ref reader);
        return new StringSample(unixSeconds, text);
    }

    public override void Write(Utf8JsonWriter writer, StringSample value, JsonSerializerOptions options) =>
        SamplePair.Write(writer, value.UnixSeconds, value.Value);
}

internal static class SamplePair
{
    public static (double UnixSeconds, string Text) Read(ref Utf8JsonReader reader)
    {
        Expect(ref reader, reader.TokenType == JsonTokenType.StartArray, "a [timestamp, value] pair");
        reader.Read();
        Expect(ref reader, reader.TokenType == JsonTokenType.Number, "a numeric timestamp");
        var unixSeconds = reader.GetDouble();
        reader.Read();
        Expect(ref reader, reader.TokenType == JsonTokenType.String, "a string value");
        var text = reader.GetString()!;
        reader.Read();
        Expect(ref reader, reader.TokenType == JsonTokenType.EndArray, "the end of a [timestamp, value] pair");
        return (unixSeconds, text);
    }

    public static void Write(Utf8JsonWriter writer, double unixSeconds, string text)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(unixSeconds);
        writer.WriteStringValue(text);
        writer.WriteEndArray();
    }

    private static void Expect(ref Utf8JsonReader reader, bool condition, string expected)
    {
        if (!condition)
        {
            throw new JsonException($"Expected {expected}, found {reader.TokenType}.");
        }
    }
}
