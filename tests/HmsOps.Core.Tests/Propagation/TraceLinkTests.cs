using HmsOps.Core.Propagation;

namespace HmsOps.Core.Tests.Propagation;

public sealed class TraceLinkTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string OtherTraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string Uuid = "0af76519-16cd-43dd-8448-eb211c80319c";
    private const string SpanId = "00f067aa0ba902b7";
    private static readonly string ValidParent = $"00-{TraceId}-{SpanId}-01";

    private static string NewId() => "11111111111111111111111111111111";

    [Fact]
    public void A_valid_traceparent_wins_over_x_trace()
    {
        var link = TraceLink.Resolve(ValidParent, OtherTraceId, NewId);

        Assert.Equal("traceparent", link.IncomingHeader);
        Assert.Equal(TraceId, link.TraceId);
        Assert.Equal(SpanId, link.ParentSpanId);
        Assert.False(link.Generated);
    }

    [Fact]
    public void X_trace_in_uuid_form_joins_its_trace_and_is_echoed_in_that_form()
    {
        var link = TraceLink.Resolve(null, Uuid, NewId);

        Assert.Equal("x-trace", link.IncomingHeader);
        Assert.Equal(OtherTraceId, link.TraceId);
        Assert.Null(link.ParentSpanId);
        Assert.Equal(Uuid, link.XTraceValue);
    }

    [Fact]
    public void X_trace_is_used_when_the_traceparent_is_malformed()
    {
        var link = TraceLink.Resolve("00-not-a-trace-01", OtherTraceId.ToUpperInvariant(), NewId);

        Assert.Equal("x-trace", link.IncomingHeader);
        Assert.Equal(OtherTraceId, link.TraceId);
        Assert.Equal(OtherTraceId, link.XTraceValue);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("garbage", "also-garbage")]
    [InlineData(null, "00000000000000000000000000000000")]
    public void Without_a_usable_header_a_new_trace_is_started(string? traceParent, string? xTrace)
    {
        var link = TraceLink.Resolve(traceParent, xTrace, NewId);

        Assert.True(link.Generated);
        Assert.Null(link.IncomingHeader);
        Assert.Equal(NewId(), link.TraceId);
    }

    [Fact]
    public void X_trace_formats_32_hex_or_the_uuid_form()
    {
        Assert.Equal(OtherTraceId, XTraceHeader.Format(OtherTraceId));
        Assert.Equal(Uuid, XTraceHeader.Format(OtherTraceId, uuidForm: true));
        Assert.True(XTraceHeader.TryParse(Uuid, out var id, out var uuid));
        Assert.Equal(OtherTraceId, id);
        Assert.True(uuid);
    }
}
