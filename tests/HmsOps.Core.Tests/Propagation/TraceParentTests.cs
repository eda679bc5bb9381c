using HmsOps.Core.Propagation;

namespace HmsOps.Core.Tests.Propagation;

public sealed class TraceParentTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanId = "00f067aa0ba902b7";

    [Fact]
    public void A_version_00_header_gives_the_trace_the_callers_span_and_the_sampled_flag()
    {
        Assert.True(TraceParent.TryParse($"00-{TraceId}-{SpanId}-01", out var context));

        Assert.Equal(new TraceContext(TraceId, SpanId, 1), context);
        Assert.True(context.Sampled);
    }

    [Fact]
    public void Formatting_then_parsing_gives_the_same_context()
    {
        var context = new TraceContext(TraceId, SpanId, 0);

        Assert.Equal($"00-{TraceId}-{SpanId}-00", TraceParent.Format(context));
        Assert.True(TraceParent.TryParse(TraceParent.Format(context), out var back));
        Assert.Equal(context, back);
        Assert.False(back.Sampled);
    }

    [Theory]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")] // all-zero trace id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")] // all-zero parent id
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")] // upper case: the spec says lower-case hex
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01")] // trace id one digit short
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01")] // parent id one digit short
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")] // version 00 has exactly four fields
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // version ff is invalid
    [InlineData("0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-zz")]
    [InlineData("")]
    [InlineData(null)]
    public void Malformed_headers_are_rejected(string? header) => Assert.False(TraceParent.TryParse(header, out _));

    [Fact]
    public void A_future_version_is_read_for_its_first_four_fields()
    {
        Assert.True(TraceParent.TryParse($"cc-{TraceId}-{SpanId}-01-what-the-future-holds", out var context));
        Assert.Equal(TraceId, context.TraceId);
        Assert.True(TraceParent.TryParse($"01-{TraceId}-{SpanId}-01", out _));
        Assert.False(TraceParent.TryParse($"01-{TraceId}-{SpanId}-01x", out _));
    }

    [Fact]
    public void Surrounding_white_space_is_allowed()
    {
        Assert.True(TraceParent.TryParse($"  00-{TraceId}-{SpanId}-01\t", out var context));
        Assert.Equal(SpanId, context.SpanId);
    }
}
