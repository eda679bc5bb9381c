using System.Buffers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;

namespace HmsOps.Core.Otlp;

/// <summary>
/// OTLP's JSON encoding is protobuf's JSON mapping with one exception: trace and span ids are hex strings, not
/// base64. The ids are rewritten to base64 in one streaming pass, then Google.Protobuf's parser (ignoring
/// unknown fields) does the rest, which already accepts lowerCamelCase names, enums as integers and 64-bit
/// integers as strings or numbers (long integer numbers are passed on as strings, so none loses precision). An id that is not hex becomes a one-byte value, so its item is refused
/// with a length error rather than the whole request failing.
/// </summary>
public static class OtlpJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private static readonly HashSet<string> IdFields =
        ["traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id"];

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    /// <summary>Parses an OTLP JSON body; throws <see cref="OtlpFormatException"/> when it is not one.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> utf8) where T : IMessage<T>, new()
    {
        string rewritten;
        try
        {
            rewritten = RewriteIds(utf8);
        }
        catch (JsonException ex)
        {
            throw new OtlpFormatException("the body is not valid JSON: " + ex.Message, ex);
        }
        try
        {
            return Parser.Parse<T>(rewritten);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new OtlpFormatException("the body is not an OTLP JSON message: " + ex.Message, ex);
        }
        catch (InvalidJsonException ex)
        {
            throw new OtlpFormatException("the body is not an OTLP JSON message: " + ex.Message, ex);
        }
        catch (FormatException ex)
        {
            throw new OtlpFormatException("the body is not an OTLP JSON message: " + ex.Message, ex);
        }
    }

    /// <summary>A response or error message in OTLP JSON (protobuf's JSON mapping; no ids occur in them).</summary>
    public static string Format(IMessage message) => Formatter.Format(message);

    private static string RewriteIds(ReadOnlySpan<byte> utf8)
    {
        var output = new ArrayBufferWriter<byte>(utf8.Length + 64);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 128 });
            var idNext = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        idNext = IdFields.Contains(name);
                        writer.WritePropertyName(name);
                        continue;
                    case JsonTokenType.String when idNext:
                        writer.WriteBase64StringValue(HexBytes(reader.GetString()!));
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(reader.GetString());
                        break;
                    case JsonTokenType.Number when IsBeyondDoublePrecision(reader.ValueSpan):
                        // Google.Protobuf reads a JSON number through a double; nanosecond timestamps need all 64 bits,
                        // and the string form (which OTLP also allows) is read exactly.
                        writer.WriteStringValue(reader.ValueSpan);
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                        writer.WriteBooleanValue(reader.GetBoolean());
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
                idNext = false;
            }
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>An integer literal with more digits than a double holds exactly (2^53 has 16).</summary>
    private static bool IsBeyondDoublePrecision(ReadOnlySpan<byte> number)
    {
        var digits = number.Length - (number.Length > 0 && number[0] == (byte)'-' ? 1 : 0);
        return digits >= 16 && number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
    }

    private static byte[] HexBytes(string hex)
    {
        if (hex.Length == 0)
        {
            return [];
        }
        try
        {
            return hex.Length % 2 == 0 ? Convert.FromHexString(hex) : [0];
        }
        catch (FormatException)
        {
            return [0];
        }
    }
}

/// <summary>The body is not an OTLP message at all: the whole request is refused (400).</summary>
public sealed class OtlpFormatException(string message, Exception? inner = null) : Exception(message, inner);
