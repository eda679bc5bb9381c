using HmsOps.Core.Ingest;
using static HmsOps.Core.Tests.Ingest.ParserInput;

namespace HmsOps.Core.Tests.Ingest;

/// <summary>Problems with the request as a whole: these have no item index, only the field "body" (or a line).</summary>
public sealed class IngestParserRequestTests
{
    [Theory]
    [InlineData("{")]
    [InlineData("""{"type":"metric",}""")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[1,")]
    public void A_body_that_is_not_json_is_refused_as_a_whole(string body)
    {
        var result = Parse(body);

        Assert.Empty(result.Events);
        var error = Assert.Single(result.Errors);
        Assert.Null(error.Index);
        Assert.Equal("body", error.Field);
        Assert.Contains("not valid JSON", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", IngestFormat.Json)]
    [InlineData("", IngestFormat.NdJson)]
    [InlineData("\n\n  \r\n\t\n", IngestFormat.NdJson)]
    public void A_request_without_events_is_refused(string body, IngestFormat format)
    {
        var result = Parse(body, format);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((null, "body"), (error.Index, error.Field));
        Assert.Contains("no events", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"metric\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void A_body_that_is_neither_an_object_nor_an_array_is_refused(string body)
    {
        var error = Assert.Single(Parse(body).Errors);

        Assert.Equal((null, "body"), (error.Index, error.Field));
    }

    [Fact]
    public void An_array_over_the_event_limit_is_refused_without_looking_at_its_items()
    {
        var limits = new IngestLimits { MaxEventsPerRequest = 3 };
        var body = "[" + string.Join(",", Enumerable.Repeat(Metric(), 4)) + "]";

        var result = Parse(body, limits: limits);

        Assert.Empty(result.Events);
        var error = Assert.Single(result.Errors);
        Assert.Equal((null, "body"), (error.Index, error.Field));
        Assert.Contains("at most 3", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_array_at_the_event_limit_is_accepted()
    {
        var limits = new IngestLimits { MaxEventsPerRequest = 3 };
        var body = "[" + string.Join(",", Enumerable.Repeat(Metric(), 3)) + "]";

        Assert.Equal(3, Parse(body, limits: limits).Events.Count);
    }

    [Fact]
    public void Ndjson_over_the_event_limit_is_refused_as_a_whole()
    {
        var limits = new IngestLimits { MaxEventsPerRequest = 3 };
        var body = string.Join("\n", Enumerable.Repeat(Log(), 4));

        var result = Parse(body, IngestFormat.NdJson, limits);

        Assert.Empty(result.Events);
        var error = Assert.Single(result.Errors);
        Assert.Equal((null, "body"), (error.Index, error.Field));
    }

    [Fact]
    public void A_broken_ndjson_line_is_reported_by_its_index_and_the_good_lines_are_not_accepted()
    {
        var body = $"{Metric()}\n{Log()}\n{{\"type\":\"log\",\"payload\":{{\n{Trace()}\n";

        var result = Parse(body, IngestFormat.NdJson);

        Assert.Empty(result.Events);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Index);
        Assert.Equal("$", error.Field);
        Assert.Contains("not valid JSON", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ndjson_line_holding_an_array_is_reported_by_its_index()
    {
        var result = Parse($"{Metric()}\n[{Metric()}]", IngestFormat.NdJson);

        var error = Assert.Single(result.Errors);
        Assert.Equal((1, "$"), (error.Index!.Value, error.Field));
    }

    [Fact]
    public void Errors_read_as_item_and_field()
    {
        var error = Assert.Single(Parse($"[{Metric()},{Metric(p => p["labels"]!["code"] = 500)}]").Errors);

        Assert.StartsWith("item 1, field 'payload.labels.code': ", error.ToString(), StringComparison.Ordinal);
    }
}
