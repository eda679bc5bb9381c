using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using HmsOps.Core.Otlp.Proto.Common;

namespace HmsOps.Core.Otlp;

/// <summary>
/// Writes OTLP attribute values as plain JSON: strings, booleans, numbers, arrays and objects (kvlists);
/// bytes as base64 strings. NaN and infinities, which JSON cannot hold, become the strings "NaN", "Infinity", "-Infinity".
/// One instance per request: it reuses its buffer, so it is not thread-safe.
/// </summary>
public sealed class OtlpAttributes
{
    private const int MaxKeptBufferBytes = 256 * 1024;
    private ArrayBufferWriter<byte> _buffer = new(1024);
    private Utf8JsonWriter _writer;

    public OtlpAttributes() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>A JSON object of the attributes; "{}" when there are none.</summary>
    public string Object(RepeatedField<KeyValue> attributes)
    {
        var writer = Begin();
        WriteObject(writer, attributes);
        return End();
    }

    /// <summary>Runs <paramref name="write"/> against a fresh writer and returns the JSON text it wrote.</summary>
    public string Write(Action<Utf8JsonWriter> write)
    {
        var writer = Begin();
        write(writer);
        return End();
    }

    public static void WriteObject(Utf8JsonWriter writer, RepeatedField<KeyValue> attributes)
    {
        writer.WriteStartObject();
        WriteProperties(writer, attributes);
        writer.WriteEndObject();
    }

    /// <summary>Each attribute as a property of the object being written; a repeated key keeps its first value.</summary>
    public static void WriteProperties(Utf8JsonWriter writer, RepeatedField<KeyValue> attributes, ISet<string>? taken = null)
    {
        HashSet<string>? seen = null;
        foreach (var pair in attributes)
        {
            if (taken?.Contains(pair.Key) == true || (attributes.Count > 1 && !(seen ??= new(StringComparer.Ordinal)).Add(pair.Key)))
            {
                continue;
            }
            writer.WritePropertyName(pair.Key);
            WriteValue(writer, pair.Value);
        }
    }

    public static void WriteValue(Utf8JsonWriter writer, AnyValue? value)
    {
        switch (value?.ValueCase ?? AnyValue.ValueOneofCase.None)
        {
            case AnyValue.ValueOneofCase.StringValue:
                writer.WriteStringValue(value!.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                writer.WriteBooleanValue(value!.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                writer.WriteNumberValue(value!.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                var number = value!.DoubleValue;
                if (double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                }
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartArray();
                foreach (var item in value!.ArrayValue.Values)
                {
                    WriteValue(writer, item);
                }
                writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                WriteObject(writer, value!.KvlistValue.Values);
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                writer.WriteBase64StringValue(value!.BytesValue.Span);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>The value as a label or message text: strings as they are, anything else as its JSON.</summary>
    public string Text(AnyValue? value)
    {
        if (value?.ValueCase == AnyValue.ValueOneofCase.StringValue)
        {
            return value.StringValue;
        }
        var writer = Begin();
        WriteValue(writer, value);
        return End();
    }

    /// <summary>The string attribute <paramref name="key"/>, or null.</summary>
    public static string? StringOf(RepeatedField<KeyValue>? attributes, string key)
    {
        if (attributes is null)
        {
            return null;
        }
        foreach (var pair in attributes)
        {
            if (pair.Key == key && pair.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue)
            {
                return pair.Value.StringValue;
            }
        }
        return null;
    }

    private Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    private string End()
    {
        _writer.Flush();
        var text = Encoding.UTF8.GetString(_buffer.WrittenSpan);
        if (_buffer.Capacity > MaxKeptBufferBytes)
        {
            // One huge attribute does not pin a large buffer for the rest of the request.
            _buffer = new ArrayBufferWriter<byte>(1024);
            _writer = new Utf8JsonWriter(_buffer);
        }
        return text;
    }
}
