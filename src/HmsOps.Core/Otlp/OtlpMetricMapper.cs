using Google.Protobuf.Collections;
using HmsOps.Core.Ingest;
using HmsOps.Core.Otlp.Proto.Collector;
using HmsOps.Core.Otlp.Proto.Common;
using HmsOps.Core.Otlp.Proto.Metrics;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Otlp;

/// <summary>
/// Turns an OTLP metrics export into Prometheus-style series (see <see cref="OtlpMetricPoints"/> for each type).
/// Labels: the point's attributes (names sanitised), plus <c>service</c> (resource <c>service.name</c>), <c>job</c>
/// (<c>service.namespace/service.name</c>) and <c>instance</c> (<c>service.instance.id</c>) as Prometheus's OTLP
/// translation adds them; the resource's labels win over a point attribute of the same name.
/// A point is refused on its own (partial success) for a missing or out-of-window time, too many or too long
/// labels, or a type or temporality the console cannot translate.
/// </summary>
public sealed class OtlpMetricMapper(IngestLimits limits)
{
    public static long CountItems(ExportMetricsServiceRequest request) =>
        request.ResourceMetrics.Sum(r => r.ScopeMetrics.Sum(s => s.Metrics.Sum(m => (long)PointCount(m))));

    public OtlpMapResult Map(ExportMetricsServiceRequest request, long nowMs)
    {
        var count = CountItems(request);
        if (count > limits.MaxEventsPerRequest)
        {
            return OtlpMapResult.Refused($"holds {count} data points; at most {limits.MaxEventsPerRequest} are accepted per request");
        }
        var json = new OtlpAttributes();
        var rejections = new RejectionLog("data points");
        var events = new List<TelemetryEvent>((int)count);
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resourceLabels = ResourceLabels(resourceMetrics.Resource?.Attributes);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                foreach (var metric in scopeMetrics.Metrics)
                {
                    var points = new OtlpMetricPoints(metric, resourceLabels, json, limits, nowMs, events, rejections);
                    points.Map();
                }
            }
        }
        return new OtlpMapResult(events, rejections.Count, rejections.Message());
    }

    private static int PointCount(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Count,
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Count,
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Count,
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Count,
        Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Count,
        _ => 1,
    };

    private static List<KeyValuePair<string, string>> ResourceLabels(RepeatedField<KeyValue>? attributes)
    {
        var service = OtlpAttributes.StringOf(attributes, "service.name");
        service = string.IsNullOrWhiteSpace(service) ? OtlpResource.UnknownService : service;
        var labels = new List<KeyValuePair<string, string>> { new("service", service) };
        var serviceNamespace = OtlpAttributes.StringOf(attributes, "service.namespace");
        labels.Add(new("job", string.IsNullOrEmpty(serviceNamespace) ? service : $"{serviceNamespace}/{service}"));
        if (OtlpAttributes.StringOf(attributes, "service.instance.id") is { Length: > 0 } instance)
        {
            labels.Add(new("instance", instance));
        }
        return labels;
    }
}
