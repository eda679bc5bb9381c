using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using HmsOps.Core.Metrics.Api;
using HmsOps.Core.PromQL;

namespace HmsOps.Console.Live;

/// <summary>
/// A query value in the JSON shape of the Prometheus API's <c>data.result</c>, written by the same
/// <see cref="ApiReplyWriter.WriteResult"/> that serves <c>/api/v1/query</c>: vectors as
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
        using (var writer = new Utf8JsonWriter(buffer, ApiReplyWriter.Options))
        {
            ApiReplyWriter.WriteResult(writer, value);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
