using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HmsOps.Prometheus;

/// <summary>
/// <c>{"resultType": ..., "result": ...}</c>: the shape of <c>result</c> depends on <c>resultType</c>.
/// Prometheus writes <c>resultType</c> first; when another writer does not, <c>result</c> is buffered until the type is known.
/// </summary>
public sealed class QueryDataJsonConverter : JsonConverter<QueryData>
{
    public override QueryData Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a query data object, found {reader.TokenType}.");
        }

        QueryResultType? resultType = null;
        QueryData? data = null;
        JsonElement? bufferedResult = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "resultType":
                    resultType = ParseResultType(reader.GetString());
                    break;
                case "result" when resultType is { } known:
                    data = ReadResult(ref reader, known, options);
                    break;
                case "result":
                    bufferedResult = JsonElement.ParseValue(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (resultType is not { } type)
        {
            throw new JsonException("Query data has no resultType.");
        }

        if (data is null && bufferedResult is { } buffered)
        {
            var bufferedReader = new Utf8JsonReader(Encoding.UTF8.GetBytes(buffered.GetRawText()));
            bufferedReader.Read();
            data = ReadResult(ref bufferedReader, type, options);
        }

        return data ?? new QueryData { ResultType = type };
    }

    public override void Write(Utf8JsonWriter writer, QueryData value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("resultType", FormatResultType(value.ResultType));
        writer.WritePropertyName("result");
        switch (value.ResultType)
        {
            case QueryResultType.Vector:
                JsonSerializer.Serialize(writer, value.Vector, TypeInfo<IReadOnlyList<InstantSample>>(options));
                break;
            case QueryResultType.Matrix:
                JsonSerializer.Serialize(writer, value.Matrix, TypeInfo<IReadOnlyList<RangeSeries>>(options));
                break;
            case QueryResultType.Scalar when value.Scalar is { } scalar:
                JsonSerializer.Serialize(writer, scalar, TypeInfo<SamplePoint>(options));
                break;
            case QueryResultType.String when value.StringValue is { } text:
                JsonSerializer.Serialize(writer, text, TypeInfo<StringSample>(options));
                break;
            default:
                writer.WriteNullValue();
                break;
        }

        writer.WriteEndObject();
    }

    private static QueryData ReadResult(ref Utf8JsonReader reader, QueryResultType type, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return new QueryData { ResultType = type };
        }

        return type switch
        {
            QueryResultType.Vector => new QueryData
            {
                ResultType = type,
                Vector = JsonSerializer.Deserialize(ref reader, TypeInfo<IReadOnlyList<InstantSample>>(options)) ?? [],
            },
            QueryResultType.Matrix => new QueryData
            {
                ResultType = type,
                Matrix = JsonSerializer.Deserialize(ref reader, TypeInfo<IReadOnlyList<RangeSeries>>(options)) ?? [],
            },
            QueryResultType.Scalar => new QueryData
            {
                ResultType = type,
                Scalar = JsonSerializer.Deserialize(ref reader, TypeInfo<SamplePoint>(options)),
            },
            _ => new QueryData
            {
                ResultType = type,
                StringValue = JsonSerializer.Deserialize(ref reader, TypeInfo<StringSample>(options)),
            },
        };
    }

    private static QueryResultType ParseResultType(string? text) => text switch
    {
        "vector" => QueryResultType.Vector,
        "matrix" => QueryResultType.Matrix,
        "scalar" => QueryResultType.Scalar,
        "string" => QueryResultType.String,
        _ => throw new JsonException($"Unknown resultType '{text}'."),
    };

    private static string FormatResultType(QueryResultType type) => type switch
    {
        QueryResultType.Vector => "vector",
        QueryResultType.Matrix => "matrix",
        QueryResultType.Scalar => "scalar",
        QueryResultType.String => "string",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    // The options in use may come from Refit composing its own settings with PrometheusJsonContext; either way
    // they resolve these types from the generated context, never through reflection.
    private static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options) =>
        (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
