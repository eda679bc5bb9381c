using HmsOps.Core.Telemetry;
using HmsOps.Core.Traces.Waterfall;
using static HmsOps.Core.Tests.Traces.Spans;

namespace HmsOps.Core.Tests.Traces;

public sealed class SpanTextTests
{
    [Fact]
    public void The_span_summary_names_service_operation_duration_status_and_key_attributes()
    {
        var span = Span("aaaaaaaaaaaaaaa3", "aaaaaaaaaaaaaaa2", 0, 152_300, "checkout-api", "POST /orders", error: true, kind: SpanKind.Server,
            attributes: """{"http.request.method":"POST","http.route":"/orders","http.response.status_code":500,"thread.id":7}""") with
        {
            StatusMessage = "db timeout",
        };

        var text = SpanSummaryText.Format(span, "https://console/traces/x?span=aaaaaaaaaaaaaaa3");

        Assert.StartsWith("checkout-api · POST /orders (server)\nduration 152ms · status ERROR: db timeout", text.ReplaceLineEndings("\n"));
        Assert.Contains("http.route=/orders", text);
        Assert.Contains("http.response.status_code=500", text);
        Assert.DoesNotContain("thread.id", text);
        Assert.Contains("trace " + TraceId + " span aaaaaaaaaaaaaaa3", text);
        Assert.EndsWith("span=aaaaaaaaaaaaaaa3", text);
    }

    [Fact]
    public void Span_detail_reads_events_links_resource_and_scope_and_survives_bad_json()
    {
        var span = Span("aaaaaaaaaaaaaaa3", null, 0, 1000) with
        {
            EventsJson = $$"""[{"timeUnixMicros":{{T0 + 250}},"name":"exception","attributes":{"exception.type":"TimeoutException"} } ]""",
            LinksJson = """[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","attributes":{}}]""",
            ResourceJson = """{"service.name":"api","host.name":"api-1"}""",
            ScopeJson = """{"name":"System.Net.Http","version":"1.0","attributes":{}}""",
            AttributesJson = "{not json",
        };

        var detail = SpanDetail.Of(span);

        Assert.Equal(250, Assert.Single(detail.Events).OffsetMicros);
        Assert.Equal("TimeoutException", detail.Events[0].Attributes.Single().Value);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", Assert.Single(detail.Links).TraceId);
        Assert.Contains(new KeyValuePair<string, string>("host.name", "api-1"), detail.Resource);
        Assert.Equal("System.Net.Http", detail.ScopeName);
        Assert.Equal("(unreadable)", Assert.Single(detail.Attributes).Key);
        Assert.Equal("internal", detail.KindText);
    }
}
