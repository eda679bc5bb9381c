using HmsOps.Core.Traces;
using HmsOps.Core.Traces.Waterfall;

namespace HmsOps.Core.Tests.Traces;

public sealed class TimeAxisTests
{
    [Theory]
    [InlineData(1_000L, "0,200µs,400µs,600µs,800µs,1000µs")]
    [InlineData(12_000L, "0,2ms,4ms,6ms,8ms,10ms,12ms")]
    [InlineData(2_500_000L, "0,500ms,1000ms,1500ms,2000ms,2500ms")]
    [InlineData(45_000_000L, "0,10s,20s,30s,40s")]
    [InlineData(3L, "0,1µs,2µs,3µs")]
    public void Ticks_step_by_one_two_or_five_in_a_readable_unit(long duration, string expected)
    {
        var ticks = TimeAxis.Ticks(duration);

        Assert.Equal(expected, string.Join(',', ticks.Select(t => t.Label)));
        Assert.All(ticks, t => Assert.Equal((double)t.Micros / duration, t.Offset, 9));
    }

    [Theory]
    [InlineData(850L, "850µs")]
    [InlineData(1_234L, "1.23ms")]
    [InlineData(12_345L, "12.3ms")]
    [InlineData(152_300L, "152ms")]
    [InlineData(1_520_000L, "1.52s")]
    [InlineData(125_000_000L, "2m 05s")]
    public void Durations_read_as_people_say_them(long micros, string expected) =>
        Assert.Equal(expected, TimeAxis.FormatDuration(micros));

    [Theory]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736", "4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData(" 4BF92F3577B34DA6A3CE929D0E0E4736 ", "4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData("4bf92f35-77b3-4da6-a3ce-929d0e0e4736", "4bf92f3577b34da6a3ce929d0e0e4736")]
    public void A_trace_id_is_accepted_as_hex_or_uuid(string text, string expected)
    {
        Assert.True(TraceIdInput.TryNormalize(text, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4bf92f3577b34da6")]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e473g")]
    [InlineData("4bf92f357-7b34-da6a3ce-929d0e0e4736")]
    [InlineData("00000000000000000000000000000000")]
    public void A_malformed_trace_id_is_refused(string text) => Assert.False(TraceIdInput.TryNormalize(text, out _));
}
