using System.Text;
using Google.Protobuf;
using HmsOps.Core.Ingest;
using HmsOps.Core.Otlp;
using HmsOps.Core.Otlp.Proto.Collector;
using HmsOps.Core.Otlp.Proto.Trace;
using HmsOps.Core.Telemetry;
using static HmsOps.Core.Tests.Otlp.OtlpBuilders;

namespace HmsOps.Core.Tests.Otlp;

public sealed class OtlpDecodingTests
{
    [Fact]
    public void Otlp_json_with_hex_ids_integer_enums_string_int64_and_unknown_fields_is_read()
    {
        var start = Nanos(2);
        var json = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"mesh"}}]},
              "futureField":{"x":1},
              "scopeSpans":[{"scope":{"name":"envoy"},"spans":[{
                "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"",
                "name":"ingress","kind":2,"startTimeUnixNano":"{{{start}}}","endTimeUnixNano":{{{start + 5_000_000}}},
                "attributes":[{"key":"http.status_code","value":{"intValue":"503"}}],
                "status":{"code":2,"message":"upstream reset"},"someNewSpanField":true}]}]}]}
            """;

        var request = OtlpDecoder.Decode(Encoding.UTF8.GetBytes(json), OtlpEncoding.Json, ExportTraceServiceRequest.Parser);
        var span = (SpanEvent)new OtlpTraceMapper(new IngestLimits()).Map(request, NowMs).Events.Single();

        Assert.Equal("5b8efff798038103d269b633813fc60c", span.TraceId);
        Assert.Equal("eee19b7ec3c1b174", span.SpanId);
        Assert.Null(span.ParentSpanId);
        Assert.Equal("mesh", span.Service);
        Assert.Equal(HmsOps.Core.Telemetry.SpanKind.Server, span.Kind);
        Assert.Equal(5_000, span.DurationMicros);
        Assert.Equal(SpanStatus.Error, span.Status);
        Assert.Equal("""{"http.status_code":503}""", span.AttributesJson);
    }

    [Fact]
    public void A_json_id_that_is_not_hex_refuses_only_its_span()
    {
        var json = $$$"""
            {"resourceSpans":[{"scopeSpans":[{"spans":[
              {"traceId":"not-hex-at-all","spanId":"eee19b7ec3c1b174","name":"a","startTimeUnixNano":"{{{Nanos(2)}}}","endTimeUnixNano":"{{{Nanos(1)}}}"},
              {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"b","startTimeUnixNano":"{{{Nanos(2)}}}","endTimeUnixNano":"{{{Nanos(1)}}}"}]}]}]}
            """;

        var request = OtlpDecoder.Decode(Encoding.UTF8.GetBytes(json), OtlpEncoding.Json, ExportTraceServiceRequest.Parser);
        var result = new OtlpTraceMapper(new IngestLimits()).Map(request, NowMs);

        Assert.Equal("b", ((SpanEvent)Assert.Single(result.Events)).Name);
        Assert.Equal(1, result.Rejected);
        Assert.Contains("traceId must be 16 bytes", result.ErrorMessage);
    }

    [Fact]
    public void Protobuf_with_fields_this_console_does_not_know_is_read()
    {
        var span = new Span { TraceId = Id("5b8efff798038103d269b633813fc60c"), SpanId = Id("eee19b7ec3c1b174"), Name = "x" };
        var known = span.ToByteArray();
        // Field 99 (varint 7) and field 100 (a length-delimited "hi"), as a newer SDK might add.
        byte[] unknown = [0x98, 0x06, 0x07, 0xA2, 0x06, 0x02, (byte)'h', (byte)'i'];

        var parsed = Span.Parser.ParseFrom([.. known, .. unknown]);

        Assert.Equal("x", parsed.Name);
        Assert.Equal(span.TraceId, parsed.TraceId);
    }

    [Theory]
    [InlineData(OtlpEncoding.Json, "{\"resourceSpans\": [")]
    [InlineData(OtlpEncoding.Json, "{\"resourceSpans\": \"no\"}")]
    [InlineData(OtlpEncoding.Protobuf, "\u0001garbage that is not protobuf")]
    public void A_body_that_is_not_an_otlp_message_is_a_format_error(OtlpEncoding encoding, string body) =>
        Assert.Throws<OtlpFormatException>(() =>
            OtlpDecoder.Decode(Encoding.UTF8.GetBytes(body), encoding, ExportTraceServiceRequest.Parser));

    [Fact]
    public void A_partial_success_response_is_written_in_otlp_json()
    {
        var response = new ExportTraceServiceResponse
        {
            PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = 2, ErrorMessage = "2 spans rejected" },
        };

        var text = Encoding.UTF8.GetString(OtlpDecoder.Encode(response, OtlpEncoding.Json));

        Assert.Equal("""{ "partialSuccess": { "rejectedSpans": "2", "errorMessage": "2 spans rejected" } }""", text);
    }
}
