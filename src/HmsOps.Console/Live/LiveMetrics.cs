using Prometheus;

namespace HmsOps.Console.Live;

/// <summary>The live-query scheduler's load on /metrics, read just before each scrape.</summary>
internal static class LiveMetrics
{
    public static void Register(IServiceProvider services)
    {
        var lifetime = services.GetRequiredService<LiveSchedulerLifetime>();
        var hub = services.GetRequiredService<HubSubscriptions>();
        var queries = Metrics.CreateGauge("hmsops_live_queries", "Distinct live queries evaluated by the shared scheduler.");
        var subscribers = Metrics.CreateGauge("hmsops_live_subscribers", "Subscribers of live queries (pages and hub clients).");
        var hubSubscriptions = Metrics.CreateGauge("hmsops_live_hub_subscriptions", "Subscriptions held by /hubs/metrics connections.");
        var skipped = Metrics.CreateCounter("hmsops_live_skipped_ticks_total", "Refresh ticks skipped because the query's previous evaluation was still running.");

        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            var scheduler = lifetime.Scheduler;
            queries.Set(scheduler?.QueryCount ?? 0);
            subscribers.Set(scheduler?.SubscriberCount ?? 0);
            skipped.IncTo(scheduler?.SkippedTicks ?? 0);
            hubSubscriptions.Set(hub.Count);
        });
    }
}
