using System.Text.Json;
using HmsOps.Core.Ingest;
using HmsOps.Core.Otlp;
using HmsOps.Core.Otlp.Proto.Collector;
using HmsOps.Core.Otlp.Proto.Common;
using HmsOps.Core.Otlp.Proto.Resource;
using HmsOps.Core.Otlp.Proto.Trace;
using HmsOps.Core.Telemetry;
using static HmsOps.Core.Tests.Otlp.OtlpBuilders;
using SpanKind = HmsOps.Core.Telemetry.SpanKind;

namespace HmsOps.Core.Tests.Otlp;

public sealed class OtlpTraceMapperTests
{
    private const string TraceHex = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanHex = "00f067aa0ba902b7";
    private const string ParentHex = "53995c3f42cd8ad8";

    private static readonly OtlpTraceMapper Mapper = new(new IngestLimits());

    [Fact]
    public void Every_field_of_a_span_is_kept()
    {
        var span = ValidSpan();
        span.ParentSpanId = Id(ParentHex);
        span.Kind = Span.Types.SpanKind.Server;
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "card declined" };
        span.Attributes.Add(Attr("http.route", "/pay"));
        span.Attributes.Add(Attr("http.status_code", 502));
        span.Attributes.Add(Attr("retry", new AnyValue { BoolValue = true }));
        span.Attributes.Add(Attr("ratio", new AnyValue { DoubleValue = 0.5 }));
        var list = new ArrayValue();
        list.Values.Add(new AnyValue { StringValue = "a" });
        list.Values.Add(new AnyValue { IntValue = 2 });
        span.Attributes.Add(Attr("tags", new AnyValue { ArrayValue = list }));
        var nested = new KeyValueList();
        nested.Values.Add(Attr("id", "c-1"));
        span.Attributes.Add(Attr("customer", new AnyValue { KvlistValue = nested }));
        var spanEvent = new Span.Types.Event { TimeUnixNano = Nanos(5, 250), Name = "retry" };
        spanEvent.Attributes.Add(Attr("attempt", 2));
        span.Events.Add(spanEvent);
        var link = new Span.Types.Link { TraceId = Id("0af7651916cd43dd8448eb211c80319c"), SpanId = Id("b7ad6b7169203331") };
        link.Attributes.Add(Attr("reason", "batch"));
        span.Links.Add(link);
        var scope = new InstrumentationScope { Name = "payments", Version = "1.2.0" };
        scope.Attributes.Add(Attr("team", "rails"));

        var result = Mapper.Map(Request(Service("payments-api", Attr("host.name", "pay-1")), scope, span), NowMs);

        Assert.Equal(0, result.Rejected);
        var mapped = Assert.IsType<SpanEvent>(Assert.Single(result.Events));
        Assert.Equal(TraceHex, mapped.TraceId);
        Assert.Equal(SpanHex, mapped.SpanId);
        Assert.Equal(ParentHex, mapped.ParentSpanId);
        Assert.Equal("payments-api", mapped.Service);
        Assert.Equal("POST /pay", mapped.Name);
        Assert.Equal((long)(Nanos(10, 123) / 1000), mapped.StartUnixMicros);
        Assert.Equal(1_500_000 + 7, mapped.DurationMicros);
        Assert.Equal(SpanStatus.Error, mapped.Status);
        Assert.Equal("card declined", mapped.StatusMessage);
        Assert.Equal(SpanKind.Server, mapped.Kind);
        AssertJson("""{"http.route":"/pay","http.status_code":502,"retry":true,"ratio":0.5,"tags":["a",2],"customer":{"id":"c-1"}}""", mapped.AttributesJson);
        AssertJson($$$"""[{"timeUnixMicros":{{{Nanos(5, 250) / 1000}}},"name":"retry","attributes":{"attempt":2}}]""", mapped.EventsJson!);
        AssertJson("""[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","attributes":{"reason":"batch"}}]""", mapped.LinksJson!);
        AssertJson("""{"service.name":"payments-api","host.name":"pay-1"}""", mapped.ResourceJson!);
        AssertJson("""{"name":"payments","version":"1.2.0","attributes":{"team":"rails"}}""", mapped.ScopeJson!);
    }

    [Fact]
    public void A_span_without_extras_has_no_extra_json_and_an_unset_status_is_ok()
    {
        var mapped = (SpanEvent)Mapper.Map(Request(new Resource(), null, ValidSpan()), NowMs).Events.Single();

        Assert.Equal("unknown_service", mapped.Service);
        Assert.Null(mapped.ParentSpanId);
        Assert.Equal(SpanStatus.Ok, mapped.Status);
        Assert.Equal(SpanKind.Unspecified, mapped.Kind);
        Assert.Equal("{}", mapped.AttributesJson);
        Assert.Null(mapped.EventsJson);
        Assert.Null(mapped.LinksJson);
        Assert.Null(mapped.ResourceJson);
        Assert.Null(mapped.ScopeJson);
        Assert.Null(mapped.StatusMessage);
    }

    [Fact]
    public void Invalid_spans_are_rejected_one_by_one_and_the_valid_rest_is_kept()
    {
        var noTrace = ValidSpan();
        noTrace.TraceId = Google.Protobuf.ByteString.Empty;
        var shortSpanId = ValidSpan();
        shortSpanId.SpanId = Id("00f067aa");
        var noName = ValidSpan();
        noName.Name = "";
        var reversed = ValidSpan();
        reversed.EndTimeUnixNano = reversed.StartTimeUnixNano - 1;
        var ancient = ValidSpan();
        ancient.StartTimeUnixNano = Nanos(TimeSpan.FromDays(31).TotalSeconds);
        ancient.EndTimeUnixNano = ancient.StartTimeUnixNano + 1000;
        var zeroTrace = ValidSpan();
        zeroTrace.TraceId = Id(new string('0', 32));

        var result = Mapper.Map(Request(Service("web-ui"), null, ValidSpan(), noTrace, shortSpanId, noName, reversed, ancient, zeroTrace), NowMs);

        Assert.Single(result.Events);
        Assert.Equal(6, result.Rejected);
        Assert.StartsWith("6 spans rejected: ", result.ErrorMessage);
        Assert.Contains("spans[1]: traceId is missing", result.ErrorMessage);
        Assert.Contains("spans[2]: spanId must be 8 bytes (16 hex digits), got 4", result.ErrorMessage);
        Assert.Contains("spans[3]: name is missing", result.ErrorMessage);
        Assert.Contains("spans[4]: endTimeUnixNano is before startTimeUnixNano", result.ErrorMessage);
        Assert.Contains("spans[5]: startTimeUnixNano is older than the accepted window of 30 days", result.ErrorMessage);
        Assert.Contains("and 1 more", result.ErrorMessage);
        Assert.Null(result.RequestError);
    }

    [Fact]
    public void More_spans_than_a_request_may_hold_refuse_the_whole_request()
    {
        var mapper = new OtlpTraceMapper(new IngestLimits { MaxEventsPerRequest = 2 });

        var result = mapper.Map(Request(Service("web-ui"), null, ValidSpan(), ValidSpan(), ValidSpan()), NowMs);

        Assert.Empty(result.Events);
        Assert.Equal("holds 3 spans; at most 2 are accepted per request", result.RequestError);
    }

    private static Span ValidSpan() => new()
    {
        TraceId = Id(TraceHex),
        SpanId = Id(SpanHex),
        Name = "POST /pay",
        StartTimeUnixNano = Nanos(10, 123),
        EndTimeUnixNano = Nanos(10, 123) + 1_500_007_000,
    };

    internal static ExportTraceServiceRequest Request(Resource resource, InstrumentationScope? scope, params Span[] spans)
    {
        var scopeSpans = new ScopeSpans { Scope = scope };
        scopeSpans.Spans.Add(spans);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scopeSpans);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    private static void AssertJson(string expected, string actual) =>
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(actual).RootElement),
            $"expected {expected}\nactual   {actual}");
}
