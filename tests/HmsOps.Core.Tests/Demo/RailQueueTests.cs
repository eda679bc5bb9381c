using HmsOps.Core.Demo;
using HmsOps.Core.Ingest;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Demo;

public sealed class RailQueueTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_healthy_rail_never_queues()
    {
        var ticks = Run(seconds: 60, faultSeconds: 0);

        Assert.All(ticks, t => Assert.Equal(0, t.QueueDepth));
        Assert.All(ticks.SelectMany(t => t.AchLatencies), v => Assert.True(v < 3));
    }

    [Fact]
    public void A_3_second_rail_makes_payments_queue_so_ach_latency_climbs_past_the_5_second_alert_threshold()
    {
        var ticks = Run(seconds: 40, faultSeconds: 40);

        Assert.True(ticks[^1].QueueDepth > ticks[10].QueueDepth, $"the queue keeps growing while the rail is slow: {string.Join(",", ticks.Select(t => t.QueueDepth))}");
        Assert.All(ticks[^1].AchLatencies, v => Assert.True(v > 5, $"ach latency {v} s after 40 s of a slow rail"));
    }

    [Fact]
    public void The_queue_drains_once_the_rail_recovers()
    {
        var ticks = Run(seconds: 45, faultSeconds: 30);

        Assert.Equal(0, ticks[^1].QueueDepth);
        Assert.All(ticks[^1].AchLatencies, v => Assert.True(v < 3));
    }

    [Fact]
    public void A_full_queue_refuses_payments_with_503_instead_of_growing()
    {
        var ticks = Run(seconds: 30, faultSeconds: 30, new DemoOptions { RequestsPerSecond = 50, MaxRailQueue = 100 });

        Assert.InRange(ticks[^1].QueueDepth, 99, 100); // at the bound, within the fraction of a payment the rail served
        Assert.Contains("503", ticks[^1].AchCodes);
    }

    private static List<TickResult> Run(int seconds, int faultSeconds, DemoOptions? options = null)
    {
        var time = new FakeTimeProvider(Start);
        var faults = new FaultSwitch(time);
        if (faultSeconds > 0)
        {
            faults.Set(new FaultRequest { Service = "ach-svc", LatencyMs = 3_000, DurationSeconds = faultSeconds });
        }
        var traffic = new DemoTraffic(options ?? new DemoOptions(), new Random(5));
        var parser = new IngestParser(new IngestLimits());
        var results = new List<TickResult>();
        for (var i = 0; i < seconds; i++)
        {
            var now = time.GetUtcNow();
            var parsed = parser.Parse(traffic.Generate(now, TimeSpan.FromSeconds(1), faults.For), IngestFormat.NdJson, now);
            Assert.True(parsed.Succeeded, string.Join(" | ", parsed.Errors));
            var metrics = parsed.Events.OfType<MetricEvent>().ToList();
            results.Add(new TickResult(
                metrics.Single(m => m.Name == "hms_ach_queue_depth").Value,
                metrics.Where(m => m.Name == "hms_ach_latency_seconds").Select(m => m.Value).ToList(),
                metrics.Where(m => m.Name == "hms_http_requests_total" && m.Labels.Get("service") == "ach-svc")
                    .Select(m => m.Labels.Get("code")!).ToList()));
            time.Advance(TimeSpan.FromSeconds(1));
        }
        return results;
    }

    private sealed record TickResult(double QueueDepth, IReadOnlyList<double> AchLatencies, IReadOnlyList<string> AchCodes);
}
