using HmsOps.Core.Metrics.Api;

namespace HmsOps.Core.Tests.Metrics.Api;

public sealed class PromNumberTests
{
    [Theory]
    [InlineData(1d, "1")]
    [InlineData(0d, "0")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-10, "0.0000000001")]
    [InlineData(-2.5e-7, "-0.00000025")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(1.5e22, "15000000000000000000000")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Values_are_written_as_go_writes_them_without_exponents(double value, string expected) =>
        Assert.Equal(expected, PromNumber.FormatValue(value));

    [Fact]
    public void The_extremes_fit_the_buffer_and_read_back_exactly()
    {
        foreach (var value in new[] { double.MaxValue, double.Epsilon, -double.MaxValue })
        {
            var text = PromNumber.FormatValue(value);
            Assert.DoesNotContain('E', text);
            Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData(1_700_000_000_000L, "1700000000")]
    [InlineData(1_700_000_000_500L, "1700000000.5")]
    [InlineData(1_700_000_000_050L, "1700000000.05")]
    [InlineData(1_700_000_000_123L, "1700000000.123")]
    [InlineData(-1_500L, "-1.5")]
    public void Timestamps_are_unix_seconds_with_at_most_three_decimals(long ms, string expected)
    {
        Span<byte> buffer = stackalloc byte[24];
        var length = PromNumber.FormatTimestamp(ms, buffer);
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(buffer[..length]));
    }
}
