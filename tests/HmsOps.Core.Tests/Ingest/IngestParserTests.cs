using System.Text.Json;
using HmsOps.Core.Ingest;
using HmsOps.Core.Telemetry;
using static HmsOps.Core.Tests.Ingest.ParserInput;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Tests.Ingest;

public sealed class IngestParserTests
{
    [Fact]
    public void A_single_metric_object_becomes_one_event_stamped_now_when_it_has_no_timestamp()
    {
        var result = Parse(Metric());

        Assert.True(result.Succeeded);
        var metric = Assert.IsType<MetricEvent>(Assert.Single(result.Events));
        Assert.Equal("hms_http_requests_total", metric.Name);
        Assert.Equal(MetricKind.Counter, metric.Kind);
        Assert.Equal(1, metric.Value);
        Assert.Equal(LabelSet.From(("code", "200"), ("service", "claims-api")), metric.Labels);
        Assert.Null(metric.Labels.MetricName);
        Assert.Equal(NowMs, metric.TimestampMs);
    }

    [Fact]
    public void An_array_keeps_its_items_in_order()
    {
        var result = Parse($"[{Log()},{Metric()},{Trace()},{Timing()}]");

        Assert.Collection(result.Events,
            e => Assert.IsType<LogEvent>(e),
            e => Assert.IsType<MetricEvent>(e),
            e => Assert.IsType<SpanEvent>(e),
            e => Assert.Equal(MetricKind.Timing, Assert.IsType<MetricEvent>(e).Kind));
    }

    [Fact]
    public void Ndjson_skips_blank_lines_and_accepts_crlf_line_ends()
    {
        var body = $"\n{Metric()}\r\n\r\n   \n{Log()}\n\t\n{Trace()}";

        var result = Parse(body, IngestFormat.NdJson);

        Assert.True(result.Succeeded, string.Join(" | ", result.Errors));
        Assert.Equal(3, result.Events.Count);
    }

    [Theory]
    [InlineData("4BF92F35-77B3-4DA6-A3CE-929D0E0E4736")]
    [InlineData("4bf92f35-77b3-4da6-a3ce-929d0e0e4736")]
    [InlineData("4BF92F3577B34DA6A3CE929D0E0E4736")]
    public void Trace_ids_are_stored_as_32_lower_case_hex_digits(string given)
    {
        var result = Parse($"[{Trace(p => p["traceId"] = given)},{Log(p => p["traceId"] = given)}]");

        var span = Assert.IsType<SpanEvent>(result.Events[0]);
        var log = Assert.IsType<LogEvent>(result.Events[1]);
        Assert.Equal(TraceId, span.TraceId);
        Assert.Equal(TraceId, log.TraceId);
    }

    [Fact]
    public void Span_ids_are_stored_lower_case()
    {
        var span = Assert.IsType<SpanEvent>(Assert.Single(Parse(Trace(p =>
        {
            p["spanId"] = "00F067AA0BA902B7";
            p["parentSpanId"] = "53995C3F42CD8AD8";
        })).Events));

        Assert.Equal(SpanId, span.SpanId);
        Assert.Equal("53995c3f42cd8ad8", span.ParentSpanId);
    }

    [Theory]
    [InlineData("2025-06-01T11:59:30Z", -30_000)]
    [InlineData("2025-06-01T11:59:30.250Z", -29_750)]
    [InlineData("2025-06-01T13:59:30+02:00", -30_000)]
    [InlineData("2025-06-01t11:59:30z", -30_000)]
    public void Rfc3339_timestamps_are_read_with_their_offset(string timestamp, long offsetFromNowMs)
    {
        var metric = Assert.IsType<MetricEvent>(Assert.Single(Parse(Metric(p => p["timestamp"] = timestamp)).Events));

        Assert.Equal(NowMs + offsetFromNowMs, metric.TimestampMs);
    }

    [Fact]
    public void Unix_millisecond_timestamps_are_taken_as_they_are()
    {
        var result = Parse($"[{Metric(p => p["timestamp"] = NowMs - 1_234)},{Log(p => p["timestamp"] = NowMs - 5_678)}]");

        Assert.Equal(NowMs - 1_234, Assert.IsType<MetricEvent>(result.Events[0]).TimestampMs);
        Assert.Equal(NowMs - 5_678, Assert.IsType<LogEvent>(result.Events[1]).TimestampMs);
    }

    [Fact]
    public void A_log_keeps_every_field_it_does_not_know_in_its_fields()
    {
        var log = Assert.IsType<LogEvent>(Assert.Single(Parse(Log(p =>
        {
            p["route"] = "/claims";
            p["durationMs"] = 12.5;
            p["user"] = new System.Text.Json.Nodes.JsonObject { ["id"] = 7 };
            p["traceId"] = TraceId;
            p["spanId"] = SpanId;
        })).Events));

        Assert.Equal(LogLevel.Info, log.Level);
        Assert.Equal("claim accepted", log.Message);
        Assert.Equal("claims-api", log.Service);
        Assert.Equal(TraceId, log.TraceId);
        Assert.Equal(SpanId, log.SpanId);
        using var fields = JsonDocument.Parse(log.FieldsJson);
        var names = fields.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["route", "durationMs", "user"], names);
        Assert.Equal("/claims", fields.RootElement.GetProperty("route").GetString());
        Assert.Equal(12.5, fields.RootElement.GetProperty("durationMs").GetDouble());
        Assert.Equal(7, fields.RootElement.GetProperty("user").GetProperty("id").GetInt32());
    }

    [Fact]
    public void A_log_without_extra_fields_has_an_empty_fields_object()
    {
        var log = Assert.IsType<LogEvent>(Assert.Single(Parse(Log()).Events));

        Assert.Equal("{}", log.FieldsJson);
        Assert.Null(log.TraceId);
        Assert.Null(log.SpanId);
    }

    [Theory]
    [InlineData("trace", LogLevel.Trace)]
    [InlineData("DEBUG", LogLevel.Debug)]
    [InlineData("Warn", LogLevel.Warn)]
    [InlineData("error", LogLevel.Error)]
    [InlineData("fatal", LogLevel.Fatal)]
    [InlineData("security", LogLevel.Security)]
    public void Log_levels_are_read_in_any_case(string given, LogLevel expected)
    {
        var log = Assert.IsType<LogEvent>(Assert.Single(Parse(Log(p => p["level"] = given)).Events));

        Assert.Equal(expected, log.Level);
    }

    [Fact]
    public void A_span_with_duration_is_stored_in_microseconds_with_status_ok_by_default()
    {
        var span = Assert.IsType<SpanEvent>(Assert.Single(Parse(Trace(p => p["attributes"] = new System.Text.Json.Nodes.JsonObject { ["http.route"] = "/claims" })).Events));

        Assert.Equal((NowMs - 1_000) * 1_000, span.StartUnixMicros);
        Assert.Equal(12_500, span.DurationMicros);
        Assert.Equal(SpanStatus.Ok, span.Status);
        Assert.Null(span.ParentSpanId);
        Assert.Equal("claims-api", span.Service);
        Assert.Equal("POST /claims", span.Name);
        using var attributes = JsonDocument.Parse(span.AttributesJson);
        Assert.Equal("/claims", attributes.RootElement.GetProperty("http.route").GetString());
    }

    [Fact]
    public void A_span_with_an_end_gets_its_duration_from_start_and_end()
    {
        var span = Assert.IsType<SpanEvent>(Assert.Single(Parse(Trace(p =>
        {
            p.Remove("durationMs");
            p["start"] = "2025-06-01T11:59:59.000Z";
            p["end"] = "2025-06-01T11:59:59.750Z";
            p["status"] = "error";
        })).Events));

        Assert.Equal(750_000, span.DurationMicros);
        Assert.Equal(SpanStatus.Error, span.Status);
        Assert.Equal("{}", span.AttributesJson);
    }

    [Fact]
    public void A_label_with_an_empty_value_is_the_same_as_no_label()
    {
        var metric = Assert.IsType<MetricEvent>(Assert.Single(Parse(Metric(p => p["labels"]!["route"] = "")).Events));

        Assert.Null(metric.Labels.Get("route"));
        Assert.Equal(2, metric.Labels.Count);
    }

    [Fact]
    public void A_gauge_may_go_negative_and_a_counter_may_carry_an_le_label()
    {
        var result = Parse($"[{Metric(p => { p["kind"] = "gauge"; p["value"] = -3.5; })},{Metric(p => p["labels"]!["le"] = "x")}]");

        Assert.True(result.Succeeded, string.Join(" | ", result.Errors));
        Assert.Equal(-3.5, Assert.IsType<MetricEvent>(result.Events[0]).Value);
    }
}
