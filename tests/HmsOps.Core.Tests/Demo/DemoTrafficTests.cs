using System.Text.Json;
using HmsOps.Core.Demo;
using HmsOps.Core.Ingest;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Demo;

public sealed class DemoTrafficTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_tick_is_valid_ingest_ndjson_with_metrics_logs_and_spans_from_every_service(int seed)
    {
        var events = Generate(new DemoOptions { RequestsPerSecond = 50, TraceSampleRate = 1 }, seed, (_, _) => null);

        Assert.Contains(events, e => e is MetricEvent);
        Assert.Contains(events, e => e is LogEvent);
        Assert.Contains(events, e => e is SpanEvent);
        Assert.Equal(DemoOptions.Services.Order(StringComparer.Ordinal),
            events.OfType<SpanEvent>().Select(s => s.Service).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_gateway_sees_as_many_requests_as_configured_per_second()
    {
        var events = Generate(new DemoOptions { RequestsPerSecond = 20 }, seed: 7, (_, _) => null);

        var gatewayRequests = events.OfType<MetricEvent>()
            .Where(m => m.Name == "hms_http_requests_total" && m.Labels.Get("service") == "api-gw")
            .Sum(m => m.Value);
        Assert.Equal(20, gatewayRequests);
    }

    [Fact]
    public void Spans_of_one_request_form_a_tree_in_one_trace()
    {
        var spans = Generate(new DemoOptions { RequestsPerSecond = 10, TraceSampleRate = 1 }, seed: 3, (_, _) => null).OfType<SpanEvent>().ToArray();

        foreach (var trace in spans.GroupBy(s => s.TraceId))
        {
            var root = Assert.Single(trace, s => s.ParentSpanId is null);
            Assert.Equal("api-gw", root.Service);
            Assert.All(trace.Where(s => s != root), s => Assert.Contains(trace, p => p.SpanId == s.ParentSpanId));
        }
    }

    [Fact]
    public void Every_traced_hop_logs_which_header_linked_it_to_the_trace()
    {
        var events = Generate(new DemoOptions { RequestsPerSecond = 20, TraceSampleRate = 1 }, seed: 4, (_, _) => null);
        var spans = events.OfType<SpanEvent>().ToArray();
        var links = events.OfType<LogEvent>().Where(l => l.Message == "trace_link").ToArray();

        Assert.Equal(spans.Length, links.Length);
        foreach (var span in spans)
        {
            var link = Assert.Single(links, l => l.SpanId == span.SpanId);
            Assert.Equal(span.TraceId, link.TraceId);
            using var fields = JsonDocument.Parse(link.FieldsJson);
            var header = fields.RootElement.GetProperty("header").GetString();
            if (span.ParentSpanId is null)
            {
                // The gateway joins a seed client's x-trace, or starts a trace when the client sent none.
                Assert.Contains(header, new[] { "x-trace", "none" });
                Assert.Equal(header == "none", fields.RootElement.GetProperty("generated").GetBoolean());
            }
            else
            {
                Assert.Equal("traceparent", header);
                Assert.Equal(span.ParentSpanId, fields.RootElement.GetProperty("parentSpanId").GetString());
                Assert.Equal($"00-{span.TraceId}-{span.ParentSpanId}-01", fields.RootElement.GetProperty("incoming").GetString());
            }
        }
        Assert.Contains(links, l => l.FieldsJson.Contains("\"x-trace\"", StringComparison.Ordinal));
        Assert.Contains(links, l => l.FieldsJson.Contains("\"generated\":true", StringComparison.Ordinal));
    }

    [Fact]
    public void A_seed_clients_uuid_x_trace_becomes_the_trace_id()
    {
        var events = Generate(new DemoOptions { RequestsPerSecond = 20, TraceSampleRate = 1 }, seed: 6, (_, _) => null);

        var fromXTrace = events.OfType<LogEvent>().Where(l => l.Message == "trace_link" && l.FieldsJson.Contains("\"x-trace\"", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(fromXTrace);
        Assert.All(fromXTrace, l =>
        {
            using var fields = JsonDocument.Parse(l.FieldsJson);
            var incoming = fields.RootElement.GetProperty("incoming").GetString()!;
            Assert.Equal(36, incoming.Length);
            Assert.Equal(incoming.Replace("-", "", StringComparison.Ordinal), l.TraceId);
        });
    }

    [Fact]
    public void Untraced_requests_log_no_trace_links()
    {
        var events = Generate(new DemoOptions { RequestsPerSecond = 50, TraceSampleRate = 0 }, seed: 8, (_, _) => null);

        var traces = events.OfType<SpanEvent>().Select(s => (string?)s.TraceId).ToHashSet();
        Assert.All(events.OfType<LogEvent>(), l => Assert.Contains(l.TraceId, traces));
    }

    [Fact]
    public void A_3000_ms_latency_fault_on_ach_svc_makes_every_ach_latency_at_least_3_seconds()
    {
        var time = new FakeTimeProvider(Start);
        var faults = new FaultSwitch(time);
        faults.Set(new FaultRequest { Service = "ach-svc", LatencyMs = 3_000, DurationSeconds = 60 });

        var events = Generate(new DemoOptions { RequestsPerSecond = 50, TraceSampleRate = 1 }, seed: 11, faults.For);

        var achLatencies = Values(events, "hms_ach_latency_seconds", "ach-svc");
        Assert.NotEmpty(achLatencies);
        Assert.All(achLatencies, v => Assert.True(v >= 3, $"ach latency {v} s"));
        Assert.All(Values(events, "hms_http_request_duration_seconds", "ach-svc"), v => Assert.True(v >= 3, $"ach-svc request {v} s"));
        Assert.All(events.OfType<SpanEvent>().Where(s => s.Service == "ach-svc"), s => Assert.True(s.DurationMicros >= 3_000_000));

        // The latency adds up the call chain to the gateway for payments, and only for payments.
        var gateway = events.OfType<MetricEvent>().Where(m => m.Name == "hms_http_request_duration_seconds" && m.Labels.Get("service") == "api-gw").ToArray();
        Assert.All(gateway.Where(m => m.Labels.Get("route") == "/payments"), m => Assert.True(m.Value >= 3));
        Assert.All(gateway.Where(m => m.Labels.Get("route") == "/claims"), m => Assert.True(m.Value < 3));
    }

    [Fact]
    public void Without_a_fault_ach_latencies_stay_far_below_3_seconds()
    {
        var events = Generate(new DemoOptions { RequestsPerSecond = 50 }, seed: 11, (_, _) => null);

        var achLatencies = Values(events, "hms_ach_latency_seconds", "ach-svc");
        Assert.NotEmpty(achLatencies);
        Assert.All(achLatencies, v => Assert.True(v < 3, $"ach latency {v} s"));
    }

    [Fact]
    public void When_the_fault_expires_the_latency_goes_away()
    {
        var time = new FakeTimeProvider(Start);
        var faults = new FaultSwitch(time);
        faults.Set(new FaultRequest { Service = "ach-svc", LatencyMs = 3_000, DurationSeconds = 30 });

        time.Advance(TimeSpan.FromSeconds(30));
        var events = Generate(new DemoOptions { RequestsPerSecond = 50 }, seed: 11, faults.For, time.GetUtcNow());

        Assert.All(Values(events, "hms_ach_latency_seconds", "ach-svc"), v => Assert.True(v < 3));
    }

    [Fact]
    public void An_error_fault_on_ach_svc_fails_payments_and_the_callers_report_bad_gateway()
    {
        var faults = new FaultSwitch(new FakeTimeProvider(Start));
        faults.Set(new FaultRequest { Service = "ach-svc", ErrorRate = 1 });

        var events = Generate(new DemoOptions { RequestsPerSecond = 50 }, seed: 5, faults.For);

        var codes = events.OfType<MetricEvent>().Where(m => m.Name == "hms_http_requests_total")
            .GroupBy(m => m.Labels.Get("service")!)
            .ToDictionary(g => g.Key, g => g.Select(m => m.Labels.Get("code")).ToHashSet());
        Assert.Equal(["500"], codes["ach-svc"]);
        Assert.Contains("502", codes["claims-api"]);
        Assert.Contains("502", codes["api-gw"]);
        Assert.All(events.OfType<LogEvent>().Where(l => l.Service == "ach-svc" && l.Message != "trace_link"),
            l => Assert.Equal(HmsOps.Core.Telemetry.LogLevel.Error, l.Level));
    }

    private static List<TelemetryEvent> Generate(DemoOptions options, int seed, Func<string, string, ActiveFault?> faults, DateTimeOffset? tickEnd = null)
    {
        var now = tickEnd ?? Start;
        var body = new DemoTraffic(options, new Random(seed)).Generate(now, Tick, faults);
        var parsed = new IngestParser(new IngestLimits()).Parse(body, IngestFormat.NdJson, now);
        Assert.True(parsed.Succeeded, string.Join(" | ", parsed.Errors));
        return parsed.Events.ToList();
    }

    private static double[] Values(IEnumerable<TelemetryEvent> events, string metric, string service) =>
        events.OfType<MetricEvent>().Where(m => m.Name == metric && m.Labels.Get("service") == service).Select(m => m.Value).ToArray();
}
