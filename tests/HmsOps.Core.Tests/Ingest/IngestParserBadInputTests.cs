using HmsOps.Core.Ingest;
using System.Text.Json.Nodes;
using static HmsOps.Core.Tests.Ingest.ParserInput;

namespace HmsOps.Core.Tests.Ingest;

/// <summary>
/// One bad item among good ones: the client is told which item and which field, and nothing of the
/// request is kept (all or nothing), so a retry after fixing the item cannot duplicate the good ones.
/// </summary>
public sealed class IngestParserBadInputTests
{
    public static TheoryData<string, string, string> BadItems => new()
    {
        // The envelope.
        { "item is a number", "42", "$" },
        { "item is an array", """[{"type":"metric"}]""", "$" },
        { "type missing", """{"payload":{"name":"x","kind":"counter","value":1}}""", "type" },
        { "type unknown", """{"type":"event","payload":{}}""", "type" },
        { "type not a string", """{"type":7,"payload":{}}""", "type" },
        { "payload missing", """{"type":"metric"}""", "payload" },
        { "payload not an object", """{"type":"metric","payload":[1]}""", "payload" },

        // Metrics.
        { "metric name missing", Metric(p => p.Remove("name")), "payload.name" },
        { "metric name with a dash", Metric(p => p["name"] = "http-requests"), "payload.name" },
        { "metric name starting with a digit", Metric(p => p["name"] = "5xx_total"), "payload.name" },
        { "metric name longer than 256", Metric(p => p["name"] = new string('a', 257)), "payload.name" },
        { "kind missing", Metric(p => p.Remove("kind")), "payload.kind" },
        { "kind unknown", Metric(p => p["kind"] = "summary"), "payload.kind" },
        { "value a string", Metric(p => p["value"] = "1"), "payload.value" },
        { "value missing", Metric(p => p.Remove("value")), "payload.value" },
        { "value null", Metric(p => p["value"] = null), "payload.value" },
        { "value overflows a double", Metric(p => p["value"] = JsonNode.Parse("1e400")), "payload.value" },
        { "counter increment negative", Metric(p => p["value"] = -1), "payload.value" },
        { "timing observation negative", Timing(p => p["value"] = -0.5), "payload.value" },
        { "histogram observation negative", Timing(p => { p["kind"] = "histogram"; p["value"] = -2; }), "payload.value" },
        { "labels an array", Metric(p => p["labels"] = new JsonArray("a")), "payload.labels" },
        { "labels a string", Metric(p => p["labels"] = "service=claims-api"), "payload.labels" },
        { "label value a number", Metric(p => p["labels"]!["code"] = 500), "payload.labels.code" },
        { "label value null", Metric(p => p["labels"]!["code"] = null), "payload.labels.code" },
        { "label value longer than 1024", Metric(p => p["labels"]!["route"] = new string('r', 1_025)), "payload.labels.route" },
        { "reserved label name __x", Metric(p => p["labels"]!["__x"] = "1"), "payload.labels.__x" },
        { "label name __name__", Metric(p => p["labels"]!["__name__"] = "other"), "payload.labels.__name__" },
        { "label name with a dash", Metric(p => p["labels"]!["bad-name"] = "1"), "payload.labels.bad-name" },
        { "label name starting with a digit", Metric(p => p["labels"]!["1st"] = "1"), "payload.labels.1st" },
        { "le label on a timing", Timing(p => p["labels"]!["le"] = "0.5"), "payload.labels.le" },
        { "le label on a histogram", Timing(p => { p["kind"] = "histogram"; p["labels"]!["le"] = "1"; }), "payload.labels.le" },
        { "histogram named _bucket", Timing(p => { p["kind"] = "histogram"; p["name"] = "latency_bucket"; }), "payload.name" },
        { "timing named _count", Timing(p => p["name"] = "latency_count"), "payload.name" },
        { "timing named _sum", Timing(p => p["name"] = "latency_sum"), "payload.name" },
        { "33 labels, one over the limit", Metric(p => p["labels"] = ManyLabels(33)), "payload.labels" },
        { "metric timestamp older than the 24 h backfill window", Metric(p => p["timestamp"] = NowMs - (long)TimeSpan.FromHours(25).TotalMilliseconds), "payload.timestamp" },
        { "metric timestamp 6 minutes in the future", Metric(p => p["timestamp"] = NowMs + (long)TimeSpan.FromMinutes(6).TotalMilliseconds), "payload.timestamp" },
        { "metric timestamp RFC 3339 in the future", Metric(p => p["timestamp"] = "2025-06-01T12:05:01Z"), "payload.timestamp" },
        { "metric timestamp a boolean", Metric(p => p["timestamp"] = true), "payload.timestamp" },
        { "metric timestamp an object", Metric(p => p["timestamp"] = new JsonObject()), "payload.timestamp" },
        { "metric timestamp unparseable", Metric(p => p["timestamp"] = "yesterday"), "payload.timestamp" },
        { "metric timestamp an impossible date", Metric(p => p["timestamp"] = "2025-13-45T00:00:00Z"), "payload.timestamp" },
        { "metric timestamp a date without a time", Metric(p => p["timestamp"] = "2025-06-01"), "payload.timestamp" },

        // Logs.
        { "log level missing", Log(p => p.Remove("level")), "payload.level" },
        { "log level unknown", Log(p => p["level"] = "verbose"), "payload.level" },
        { "log message missing", Log(p => p.Remove("message")), "payload.message" },
        { "log message a number", Log(p => p["message"] = 5), "payload.message" },
        { "log service missing", Log(p => p.Remove("service")), "payload.service" },
        { "log service empty", Log(p => p["service"] = ""), "payload.service" },
        { "log service blank", Log(p => p["service"] = "   "), "payload.service" },
        { "log service longer than 128", Log(p => p["service"] = new string('s', 129)), "payload.service" },
        { "log timestamp missing", Log(p => p.Remove("timestamp")), "payload.timestamp" },
        { "log timestamp older than 30 days", Log(p => p["timestamp"] = NowMs - (long)TimeSpan.FromDays(31).TotalMilliseconds), "payload.timestamp" },
        { "log traceId 31 hex digits", Log(p => p["traceId"] = TraceId[1..]), "payload.traceId" },
        { "log traceId not hex", Log(p => p["traceId"] = "zz" + TraceId[2..]), "payload.traceId" },
        { "log traceId all zeros", Log(p => p["traceId"] = new string('0', 32)), "payload.traceId" },
        { "log traceId UUID of zeros", Log(p => p["traceId"] = "00000000-0000-0000-0000-000000000000"), "payload.traceId" },
        { "log traceId a number", Log(p => p["traceId"] = 12), "payload.traceId" },
        { "log spanId 17 hex digits", Log(p => p["spanId"] = SpanId + "a"), "payload.spanId" },
        { "log spanId all zeros", Log(p => p["spanId"] = new string('0', 16)), "payload.spanId" },

        // Spans.
        { "span traceId missing", Trace(p => p.Remove("traceId")), "payload.traceId" },
        { "span traceId malformed UUID", Trace(p => p["traceId"] = "4bf92f35-77b3-4da6-a3ce-929d0e0e473"), "payload.traceId" },
        { "span spanId missing", Trace(p => p.Remove("spanId")), "payload.spanId" },
        { "span spanId not hex", Trace(p => p["spanId"] = "00f067aa0ba902bg"), "payload.spanId" },
        { "span parentSpanId malformed", Trace(p => p["parentSpanId"] = "abc"), "payload.parentSpanId" },
        { "span is its own parent", Trace(p => p["parentSpanId"] = SpanId), "payload.parentSpanId" },
        { "span service missing", Trace(p => p.Remove("service")), "payload.service" },
        { "span name missing", Trace(p => p.Remove("name")), "payload.name" },
        { "span start missing", Trace(p => p.Remove("start")), "payload.start" },
        { "span start older than 30 days", Trace(p => p["start"] = NowMs - (long)TimeSpan.FromDays(31).TotalMilliseconds), "payload.start" },
        { "span both durationMs and end", Trace(p => p["end"] = NowMs), "payload.durationMs" },
        { "span neither durationMs nor end", Trace(p => p.Remove("durationMs")), "payload.durationMs" },
        { "span duration negative", Trace(p => p["durationMs"] = -1), "payload.durationMs" },
        { "span duration a string", Trace(p => p["durationMs"] = "12"), "payload.durationMs" },
        { "span end before start", Trace(p => { p.Remove("durationMs"); p["end"] = NowMs - 2_000; }), "payload.end" },
        { "span end unparseable", Trace(p => { p.Remove("durationMs"); p["end"] = "soon"; }), "payload.end" },
        { "span status unknown", Trace(p => p["status"] = "failed"), "payload.status" },
        { "span attributes a string", Trace(p => p["attributes"] = "http.route=/claims"), "payload.attributes" },
        { "span attributes an array", Trace(p => p["attributes"] = new JsonArray(1, 2)), "payload.attributes" },
    };

    [Theory]
    [MemberData(nameof(BadItems))]
    public void A_bad_item_after_a_good_one_is_reported_by_index_and_field_and_nothing_is_accepted(string @case, string badItem, string field)
    {
        var result = Parse($"[{Metric()},{badItem}]");

        Assert.False(result.Succeeded, @case);
        Assert.Empty(result.Events);
        Assert.True(result.Errors.Count == 1, $"{@case}: expected one error, got: {string.Join(" | ", result.Errors)}");
        var error = result.Errors[0];
        Assert.Equal(1, error.Index);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
    }

    [Theory]
    [MemberData(nameof(BadItems))]
    public void The_same_bad_item_as_an_ndjson_line_is_reported_with_its_line_index(string @case, string badItem, string field)
    {
        var result = Parse($"{Log()}\n{Trace()}\n{badItem}\n", IngestFormat.NdJson);

        Assert.Empty(result.Events);
        var error = Assert.Single(result.Errors);
        Assert.True(error.Index == 2, $"{@case}: {error}");
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Every_bad_item_is_reported_not_just_the_first()
    {
        var result = Parse($"[{Metric(p => p["value"] = -1)},{Log()},{Trace(p => p["status"] = "meh")}]");

        Assert.Empty(result.Events);
        Assert.Collection(result.Errors,
            e => Assert.Equal((0, "payload.value"), (e.Index!.Value, e.Field)),
            e => Assert.Equal((2, "payload.status"), (e.Index!.Value, e.Field)));
    }

    [Fact]
    public void One_item_with_several_problems_reports_each_field()
    {
        var result = Parse(Metric(p =>
        {
            p["name"] = "bad name";
            p["kind"] = "summary";
            p["labels"]!["__x"] = "1";
        }));

        Assert.Equal(["payload.name", "payload.kind", "payload.labels.__x"], result.Errors.Select(e => e.Field));
        Assert.All(result.Errors, e => Assert.Equal(0, e.Index));
    }

    [Fact]
    public void A_request_with_many_bad_items_reports_at_most_fifty_errors()
    {
        var items = Enumerable.Range(0, 80).Select(_ => Metric(p => p["value"] = -1));

        var result = Parse("[" + string.Join(",", items) + "]");

        Assert.Equal(IngestParser.MaxReportedErrors, result.Errors.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (int?)i), result.Errors.Select(e => e.Index));
    }

    [Fact]
    public void A_timestamp_exactly_at_the_future_skew_is_accepted_and_one_millisecond_later_is_not()
    {
        var skewMs = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;

        Assert.True(Parse(Metric(p => p["timestamp"] = NowMs + skewMs)).Succeeded);
        var late = Parse(Metric(p => p["timestamp"] = NowMs + skewMs + 1));
        Assert.Equal("payload.timestamp", Assert.Single(late.Errors).Field);
    }

    [Fact]
    public void A_metric_timestamp_at_the_edge_of_the_backfill_window_is_accepted_and_one_millisecond_older_is_not()
    {
        var windowMs = (long)TimeSpan.FromHours(24).TotalMilliseconds;

        Assert.True(Parse(Metric(p => p["timestamp"] = NowMs - windowMs)).Succeeded);
        var old = Parse(Metric(p => p["timestamp"] = NowMs - windowMs - 1));
        Assert.Equal("payload.timestamp", Assert.Single(old.Errors).Field);
    }

    [Fact]
    public void Thirty_two_labels_are_accepted()
    {
        var result = Parse(Metric(p => p["labels"] = ManyLabels(32)));

        Assert.True(result.Succeeded, string.Join(" | ", result.Errors));
    }

    private static JsonObject ManyLabels(int count)
    {
        var labels = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            labels[$"l{i}"] = "v";
        }
        return labels;
    }
}
