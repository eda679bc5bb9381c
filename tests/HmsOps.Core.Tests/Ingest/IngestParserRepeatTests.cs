using System.Text.Json;
using HmsOps.Core.Ingest;
using HmsOps.Core.Telemetry;
using static HmsOps.Core.Tests.Ingest.ParserInput;

namespace HmsOps.Core.Tests.Ingest;

/// <summary>
/// The parser reuses work across items and requests (label sets seen before, one JSON buffer per thread for
/// log fields); an item must still be judged on its own, whatever came before it.
/// </summary>
public sealed class IngestParserRepeatTests
{
    [Fact]
    public void An_le_label_accepted_on_a_counter_is_still_refused_on_a_timing_with_the_same_labels()
    {
        var labels = new System.Text.Json.Nodes.JsonObject { ["service"] = "repeat-le", ["le"] = "0.5" };
        var counter = Metric(p => p["labels"] = labels.DeepClone());
        var timing = Timing(p => p["labels"] = labels.DeepClone());

        var first = Parse($"[{counter},{counter}]");
        var second = Parse(timing);
        var third = Parse($"[{timing},{counter}]");

        Assert.True(first.Succeeded, string.Join(" | ", first.Errors));
        Assert.Equal("payload.labels.le", Assert.Single(second.Errors).Field);
        Assert.Equal(new IngestError(0, "payload.labels.le", "'le' is reserved for histogram buckets"), Assert.Single(third.Errors));
    }

    [Fact]
    public void Labels_accepted_under_one_parsers_limits_are_refused_by_a_parser_with_lower_limits()
    {
        var metric = Metric(p => p["labels"] = new System.Text.Json.Nodes.JsonObject
        {
            ["service"] = "limits", ["route"] = "/a-rather-long-route-value", ["code"] = "200",
        });
        Assert.True(Parse(metric).Succeeded);

        var shortValues = Parse(metric, limits: new IngestLimits { MaxLabelValueLength = 10 });
        var fewLabels = Parse(metric, limits: new IngestLimits { MaxLabelsPerMetric = 2 });

        Assert.Equal("payload.labels.route", Assert.Single(shortValues.Errors).Field);
        Assert.Equal(new IngestError(0, "payload.labels", "has 3 labels; at most 2 are accepted"), Assert.Single(fewLabels.Errors));
    }

    [Fact]
    public void Repeated_label_sets_give_the_same_series_as_the_first_time()
    {
        var body = $"[{Metric()},{Metric(p => p["labels"] = new System.Text.Json.Nodes.JsonObject { ["code"] = "200", ["service"] = "claims-api" })},{Metric()}]";

        var result = Parse(body);

        var expected = LabelSet.From(("code", "200"), ("service", "claims-api"));
        Assert.All(result.Events, e => Assert.Equal(expected, Assert.IsType<MetricEvent>(e).Labels));
    }

    [Fact]
    public void Each_log_line_keeps_only_its_own_extra_fields()
    {
        var body = $"[{Log(p => { p["route"] = "/a-long-route/with/segments"; p["durationMs"] = 12.5; })},{Log(p => p["host"] = "b")},{Log()}]";

        var result = Parse(body);

        var fields = result.Events.Cast<LogEvent>().Select(l => JsonDocument.Parse(l.FieldsJson).RootElement.ToString()).ToArray();
        Assert.Equal(["{\"route\":\"/a-long-route/with/segments\",\"durationMs\":12.5}", "{\"host\":\"b\"}", "{}"], fields);
    }
}
