using HmsOps.Core.Ingest;
using HmsOps.Core.Metrics;
using HmsOps.Core.Otlp;
using HmsOps.Core.Otlp.Proto.Collector;
using HmsOps.Core.Otlp.Proto.Metrics;
using HmsOps.Core.Otlp.Proto.Resource;
using HmsOps.Core.Telemetry;
using static HmsOps.Core.Tests.Otlp.OtlpBuilders;

namespace HmsOps.Core.Tests.Otlp;

public sealed class OtlpMetricMapperTests
{
    private static readonly OtlpMetricMapper Mapper = new(new IngestLimits());

    [Fact]
    public void A_gauge_becomes_a_gauge_with_sanitised_name_and_resource_labels()
    {
        var gauge = new Gauge();
        gauge.DataPoints.Add(Point(12.5, ("queue.name", "fedach")));
        var metric = new Metric { Name = "rail.queue-depth", Gauge = gauge };

        var events = Map(Service("ach-svc", Attr("service.namespace", "rails"), Attr("service.instance.id", "ach-1")), metric);

        var only = Assert.Single(events);
        Assert.Equal("rail_queue_depth", only.Name);
        Assert.Equal(MetricKind.Gauge, only.Kind);
        Assert.Equal(12.5, only.Value);
        Assert.Equal(NowMs - 1000, only.TimestampMs);
        Assert.Equal("fedach", only.Labels.Get("queue_name"));
        Assert.Equal("ach-svc", only.Labels.Get("service"));
        Assert.Equal("rails/ach-svc", only.Labels.Get("job"));
        Assert.Equal("ach-1", only.Labels.Get("instance"));
    }

    [Fact]
    public void Sums_follow_monotonicity_and_temporality()
    {
        var cumulative = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative };
        cumulative.DataPoints.Add(new NumberDataPoint { AsInt = 40, TimeUnixNano = Nanos(1) });
        var delta = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Delta };
        delta.DataPoints.Add(new NumberDataPoint { AsDouble = 3, TimeUnixNano = Nanos(1) });
        var upDown = new Sum { IsMonotonic = false, AggregationTemporality = AggregationTemporality.Cumulative };
        upDown.DataPoints.Add(new NumberDataPoint { AsInt = -2, TimeUnixNano = Nanos(1) });

        var events = Map(Service("web-ui"),
            new Metric { Name = "http.requests", Sum = cumulative },
            new Metric { Name = "bytes_total", Sum = delta },
            new Metric { Name = "sessions.active", Sum = upDown });

        Assert.Collection(events,
            e => Assert.Equal(("http_requests_total", MetricKind.CumulativeCounter, 40.0), (e.Name, e.Kind, e.Value)),
            e => Assert.Equal(("bytes_total", MetricKind.Counter, 3.0), (e.Name, e.Kind, e.Value)),
            e => Assert.Equal(("sessions_active", MetricKind.Gauge, -2.0), (e.Name, e.Kind, e.Value)));
    }

    [Fact]
    public void A_cumulative_histogram_becomes_cumulative_buckets_sum_and_count()
    {
        var point = new HistogramDataPoint { TimeUnixNano = Nanos(1), Count = 10, Sum = 2.5 };
        point.ExplicitBounds.Add([0.1, 0.5]);
        point.BucketCounts.Add([6, 3, 1]);
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
        histogram.DataPoints.Add(point);

        var events = Map(Service("payments-api"), new Metric { Name = "http.server.duration", Histogram = histogram });

        Assert.All(events, e => Assert.Equal(MetricKind.CumulativeCounter, e.Kind));
        Assert.Equal(
            ["http_server_duration_bucket{le=0.1} 6", "http_server_duration_bucket{le=0.5} 9", "http_server_duration_bucket{le=+Inf} 10",
             "http_server_duration_sum 2.5", "http_server_duration_count 10"],
            events.Select(e => $"{e.Name}{(e.Labels.Get("le") is { } le ? $"{{le={le}}}" : "")} {e.Value}"));
    }

    [Fact]
    public void An_exponential_histogram_becomes_classic_buckets_at_its_populated_bounds()
    {
        // Scale 0: base 2. Positive offset 1 → buckets (2,4] and (4,8]; negative offset 0 → [-2,-1); 1 zero.
        var point = new ExponentialHistogramDataPoint { TimeUnixNano = Nanos(1), Count = 7, Sum = 20, Scale = 0, ZeroCount = 1 };
        point.Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 1 };
        point.Positive.BucketCounts.Add([2, 3]);
        point.Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 0 };
        point.Negative.BucketCounts.Add([1]);
        var histogram = new ExponentialHistogram { AggregationTemporality = AggregationTemporality.Cumulative };
        histogram.DataPoints.Add(point);

        var events = Map(Service("db"), new Metric { Name = "latency", ExponentialHistogram = histogram });

        Assert.Equal(
            ["-1:1", "0:2", "4:4", "8:7", "+Inf:7"],
            events.Where(e => e.Name == "latency_bucket").Select(e => $"{e.Labels.Get("le")}:{e.Value}"));
        Assert.Contains(events, e => e.Name == "latency_count" && e.Value == 7);
    }

    [Fact]
    public void Untranslatable_points_are_rejected_and_staleness_markers_skipped()
    {
        var upDownDelta = new Sum { IsMonotonic = false, AggregationTemporality = AggregationTemporality.Delta };
        upDownDelta.DataPoints.Add(new NumberDataPoint { AsInt = 1, TimeUnixNano = Nanos(1) });
        var gauge = new Gauge();
        gauge.DataPoints.Add(new NumberDataPoint { AsInt = 1, TimeUnixNano = Nanos(1), Flags = 1 });
        gauge.DataPoints.Add(new NumberDataPoint { AsInt = 1 });
        var request = Request(Service("web-ui"), new Metric { Name = "pool.size", Sum = upDownDelta }, new Metric { Name = "g", Gauge = gauge });

        var result = Mapper.Map(request, NowMs);

        Assert.Empty(result.Events);
        Assert.Equal(2, result.Rejected);
        Assert.Contains("pool.size: a non-monotonic delta sum cannot be translated", result.ErrorMessage);
        Assert.Contains("g: data point timeUnixNano is missing", result.ErrorMessage);
    }

    [Fact]
    public void A_cumulative_counter_sets_the_running_total_instead_of_adding()
    {
        var store = new TimeSeriesStore(new MetricsOptions());
        var expander = new MetricExpander(store.Options, store.Metadata);
        var labels = LabelSet.From(("service", "web-ui"));
        var writes = new List<SeriesWrite>();
        expander.Expand(new MetricEvent("requests_total", MetricKind.CumulativeCounter, 40, labels, NowMs - 60_000), writes);
        expander.Expand(new MetricEvent("requests_total", MetricKind.CumulativeCounter, 45, labels, NowMs), writes);
        store.Apply(writes, 1);

        var series = Assert.Single(store.Select("requests_total", null, 0, long.MaxValue));
        Assert.Equal([40.0, 45.0], series.Values);
        Assert.Equal("counter", store.Metadata.TypeOf("requests_total"));
    }

    private static ExportMetricsServiceRequest Request(Resource resource, params Metric[] metrics)
    {
        var scope = new ScopeMetrics();
        scope.Metrics.Add(metrics);
        var resourceMetrics = new ResourceMetrics { Resource = resource };
        resourceMetrics.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resourceMetrics);
        return request;
    }

    private static List<MetricEvent> Map(Resource resource, params Metric[] metrics)
    {
        var result = Mapper.Map(Request(resource, metrics), NowMs);
        Assert.True(result.Rejected == 0, result.ErrorMessage);
        return result.Events.Cast<MetricEvent>().ToList();
    }

    private static NumberDataPoint Point(double value, params (string Key, string Value)[] attributes)
    {
        var point = new NumberDataPoint { AsDouble = value, TimeUnixNano = Nanos(1) };
        foreach (var (key, v) in attributes)
        {
            point.Attributes.Add(Attr(key, v));
        }
        return point;
    }
}
