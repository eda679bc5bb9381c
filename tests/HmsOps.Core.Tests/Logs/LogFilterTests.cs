using HmsOps.Core.Logs;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Tests.Logs;

public sealed class LogFilterTests
{
    [Fact]
    public void The_example_query_reads_into_every_part()
    {
        var result = LogFilter.Parse("service:ach-svc level:error,warn orderId=A-17 trace:4bf92f3577b34da6a3ce929d0e0e4736 \"rail timeout\"");

        Assert.True(result.Succeeded, result.Message);
        var query = result.Query!;
        Assert.Equal(["ach-svc"], query.Services);
        Assert.Equal([LogLevel.Error, LogLevel.Warn], query.Levels);
        Assert.Equal([new KeyValuePair<string, string>("orderId", "A-17")], query.Fields);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", query.TraceId);
        Assert.Equal("rail timeout", query.Text);
    }

    [Fact]
    public void Bare_words_are_free_text_and_a_uuid_trace_id_is_normalised()
    {
        var query = LogFilter.Parse("payment  declined traceId:4BF92F35-77B3-4DA6-A3CE-929D0E0E4736").Query!;

        Assert.Equal("payment declined", query.Text);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", query.TraceId);
    }

    [Fact]
    public void A_quoted_field_value_keeps_its_spaces()
    {
        var query = LogFilter.Parse("route=\"/claims pay\" status=502").Query!;

        Assert.Equal([new("route", "/claims pay"), new KeyValuePair<string, string>("status", "502")], query.Fields);
        Assert.Null(query.Text);
    }

    [Theory]
    [InlineData("level:loud", "level:loud", "unknown level 'loud'")]
    [InlineData("trace:12345", "trace:12345", "is not a trace id")]
    [InlineData("ok =value", "=value", "needs a name before '='")]
    [InlineData("service:", "service:", "needs a service name")]
    [InlineData("\"rail timeout", "\"rail timeout", "quote is not closed")]
    public void A_bad_token_is_named_with_the_reason(string text, string token, string reason)
    {
        var result = LogFilter.Parse(text);

        Assert.False(result.Succeeded);
        Assert.Equal(token, result.Token);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_box_matches_everything()
    {
        var query = LogFilter.Parse("  ").Query!;

        Assert.Empty(query.Services);
        Assert.Empty(query.Fields);
        Assert.Null(query.Text);
        Assert.Null(query.TraceId);
    }

    [Fact]
    public void Formatting_a_parsed_query_reads_back_the_same()
    {
        var first = LogFilter.Parse("service:a,b level:warning route=\"/x y\" trace:4bf92f3577b34da6a3ce929d0e0e4736 slow rail").Query!;

        var again = LogFilter.Parse(LogFilter.Format(first)).Query!;

        Assert.Equal(first.Services, again.Services);
        Assert.Equal(first.Levels, again.Levels);
        Assert.Equal(first.Fields, again.Fields);
        Assert.Equal(first.TraceId, again.TraceId);
        Assert.Equal(first.Text, again.Text);
    }
}
