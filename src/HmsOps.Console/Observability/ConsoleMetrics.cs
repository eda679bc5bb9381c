using HmsOps.Core.Ingest;
using HmsOps.Core.Metrics;
using Prometheus;

namespace HmsOps.Console.Observability;

/// <summary>The console's own metrics on /metrics, read from the live objects just before each scrape.</summary>
public static class ConsoleMetrics
{
    public static void Register(IServiceProvider services)
    {
        var statistics = services.GetRequiredService<IngestStatistics>();
        var circuits = services.GetRequiredService<CircuitCounter>();
        var store = services.GetRequiredService<TimeSeriesStore>();
        var pipeline = services.GetRequiredService<IngestPipeline>();

        var events = Metrics.CreateCounter("hmsops_ingest_events_total", "Events made durable by the ingest pipeline.", "type");
        var rejections = Metrics.CreateCounter("hmsops_ingest_rejections_total", "Ingest requests refused, by reason.", "reason");
        var queued = Metrics.CreateGauge("hmsops_ingest_queue_events", "Events admitted and not yet durable.");
        var storageQueue = Metrics.CreateGauge("hmsops_storage_queue_batches", "Batches waiting for the SQLite writer.");
        var open = Metrics.CreateGauge("hmsops_circuits", "Connected Blazor circuits (open console tabs).");
        var series = Metrics.CreateGauge("hmsops_metric_series", "Series in the embedded time-series store.");

        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            events.WithLabels("metric").IncTo(statistics.MetricEvents);
            events.WithLabels("log").IncTo(statistics.LogEvents);
            events.WithLabels("trace").IncTo(statistics.SpanEvents);
            foreach (var (reason, count) in statistics.RejectionsByReason)
            {
                rejections.WithLabels(reason).IncTo(count);
            }
            queued.Set(statistics.QueuedEvents);
            storageQueue.Set(pipeline.StorageQueueBatches);
            open.Set(circuits.Open);
            series.Set(store.SeriesCount);
        });
    }
}
