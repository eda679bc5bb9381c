using Google.Protobuf.Collections;
using HmsOps.Core.Ingest;
using HmsOps.Core.Metrics;
using HmsOps.Core.Otlp.Proto.Common;
using HmsOps.Core.Otlp.Proto.Metrics;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Otlp;

/// <summary>
/// One OTLP metric's points as series, following Prometheus's OTLP translation:
/// gauge → gauge; monotonic cumulative sum → counter <c>_total</c> holding the running total; monotonic delta sum →
/// counter <c>_total</c> increased by each delta; non-monotonic cumulative sum → gauge; histogram → cumulative
/// <c>_bucket{le}</c>, <c>_sum</c>, <c>_count</c> (delta histograms add to them); exponential histogram → the same
/// classic buckets at its populated bucket bounds; summary → <c>{quantile}</c> gauges, <c>_sum</c>, <c>_count</c>.
/// Non-monotonic delta sums and unspecified temporality have no Prometheus meaning and are refused.
/// </summary>
internal sealed class OtlpMetricPoints(
    Metric metric,
    List<KeyValuePair<string, string>> resourceLabels,
    OtlpAttributes json,
    IngestLimits limits,
    long nowMs,
    List<TelemetryEvent> events,
    RejectionLog rejections)
{
    private const int MinExponentialScale = -10;
    private const int MaxExponentialScale = 20;
    private readonly string _name = OtlpMetricNames.Metric(metric.Name);

    public void Map()
    {
        if (metric.Name.Length == 0 || !MetricNames.IsValidMetricName(_name))
        {
            RejectAll("name is missing or has no valid characters");
            return;
        }
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                foreach (var point in metric.Gauge.DataPoints)
                {
                    Number(point, _name, MetricKind.Gauge);
                }
                break;
            case Metric.DataOneofCase.Sum:
                MapSum(metric.Sum);
                break;
            case Metric.DataOneofCase.Histogram:
                MapHistogram(metric.Histogram);
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                MapExponential(metric.ExponentialHistogram);
                break;
            case Metric.DataOneofCase.Summary:
                foreach (var point in metric.Summary.DataPoints)
                {
                    Summary(point);
                }
                break;
            default:
                rejections.Reject(metric.Name, "has no data (gauge, sum, histogram, exponentialHistogram or summary)");
                break;
        }
    }

    private void MapSum(Sum sum)
    {
        (string Name, MetricKind Kind)? target = (sum.IsMonotonic, sum.AggregationTemporality) switch
        {
            (true, AggregationTemporality.Cumulative) => (OtlpMetricNames.Counter(metric.Name), MetricKind.CumulativeCounter),
            (true, AggregationTemporality.Delta) => (OtlpMetricNames.Counter(metric.Name), MetricKind.Counter),
            (false, AggregationTemporality.Cumulative) => (_name, MetricKind.Gauge),
            _ => null,
        };
        if (target is not { } t)
        {
            RejectAll(sum.AggregationTemporality == AggregationTemporality.Unspecified
                ? "sum has no aggregation temporality"
                : "a non-monotonic delta sum cannot be translated to a Prometheus series (send it cumulative)");
            return;
        }
        foreach (var point in sum.DataPoints)
        {
            Number(point, t.Name, t.Kind);
        }
    }

    private void MapHistogram(Histogram histogram)
    {
        if (TotalKind(histogram.AggregationTemporality) is not { } kind)
        {
            RejectAll("histogram has no aggregation temporality");
            return;
        }
        foreach (var point in histogram.DataPoints)
        {
            if (!Accept(point.Attributes, point.TimeUnixNano, point.Flags, out var labels, out var timestamp))
            {
                continue;
            }
            if (point.BucketCounts.Count != 0 && point.BucketCounts.Count != point.ExplicitBounds.Count + 1)
            {
                rejections.Reject(metric.Name, $"histogram has {point.BucketCounts.Count} bucket counts for {point.ExplicitBounds.Count} bounds (expected one more count than bounds)");
                continue;
            }
            ulong running = 0;
            for (var i = 0; i < point.ExplicitBounds.Count && point.BucketCounts.Count > 0; i++)
            {
                running += point.BucketCounts[i];
                Bucket(labels, point.ExplicitBounds[i], running, kind, timestamp);
            }
            Totals(labels, point.Count, point.HasSum ? point.Sum : null, kind, timestamp);
        }
    }

    private void MapExponential(ExponentialHistogram histogram)
    {
        if (TotalKind(histogram.AggregationTemporality) is not { } kind)
        {
            RejectAll("exponential histogram has no aggregation temporality");
            return;
        }
        foreach (var point in histogram.DataPoints)
        {
            if (point.Scale is < MinExponentialScale or > MaxExponentialScale)
            {
                rejections.Reject(metric.Name, $"exponential histogram scale {point.Scale} is outside [{MinExponentialScale}, {MaxExponentialScale}]");
                continue;
            }
            if (!Accept(point.Attributes, point.TimeUnixNano, point.Flags, out var labels, out var timestamp))
            {
                continue;
            }
            // Bucket i holds (base^i, base^(i+1)] with base = 2^(2^-scale); negative buckets mirror it. Only
            // populated buckets become series, so a wide sparse histogram does not create hundreds of empty ones.
            var exponent = Math.Pow(2, -point.Scale);
            ulong running = 0;
            var negative = point.Negative;
            for (var k = (negative?.BucketCounts.Count ?? 0) - 1; k >= 0; k--)
            {
                running += negative!.BucketCounts[k];
                if (negative.BucketCounts[k] > 0)
                {
                    Bucket(labels, -Math.Pow(2, (negative.Offset + k) * exponent), running, kind, timestamp);
                }
            }
            running += point.ZeroCount;
            if (point.ZeroCount > 0)
            {
                Bucket(labels, point.ZeroThreshold, running, kind, timestamp);
            }
            var positive = point.Positive;
            for (var k = 0; k < (positive?.BucketCounts.Count ?? 0); k++)
            {
                running += positive!.BucketCounts[k];
                if (positive.BucketCounts[k] > 0)
                {
                    Bucket(labels, Math.Pow(2, (positive.Offset + k + 1) * exponent), running, kind, timestamp);
                }
            }
            Totals(labels, point.Count, point.HasSum ? point.Sum : null, kind, timestamp);
        }
    }

    private void Summary(SummaryDataPoint point)
    {
        if (!Accept(point.Attributes, point.TimeUnixNano, point.Flags, out var labels, out var timestamp))
        {
            return;
        }
        foreach (var quantile in point.QuantileValues)
        {
            var quantileLabels = new List<KeyValuePair<string, string>>(labels) { new("quantile", MetricExpander.FormatBound(quantile.Quantile)) };
            Emit(_name, MetricKind.Gauge, quantile.Value, quantileLabels, timestamp);
        }
        Emit(_name + "_sum", MetricKind.CumulativeCounter, point.Sum, labels, timestamp);
        Emit(_name + "_count", MetricKind.CumulativeCounter, point.Count, labels, timestamp);
    }

    private void Number(NumberDataPoint point, string name, MetricKind kind)
    {
        if (!Accept(point.Attributes, point.TimeUnixNano, point.Flags, out var labels, out var timestamp))
        {
            return;
        }
        double? value = point.ValueCase switch
        {
            NumberDataPoint.ValueOneofCase.AsDouble => point.AsDouble,
            NumberDataPoint.ValueOneofCase.AsInt => point.AsInt,
            _ => null,
        };
        if (value is not { } v || !double.IsFinite(v) || (kind is not MetricKind.Gauge && v < 0))
        {
            rejections.Reject(metric.Name, value is null ? "data point has no value (asDouble or asInt)"
                : !double.IsFinite(value.Value) ? "data point value is not a finite number"
                : "a counter's value must not be negative");
            return;
        }
        Emit(name, kind, v, labels, timestamp);
    }

    private void Bucket(List<KeyValuePair<string, string>> labels, double bound, ulong cumulative, MetricKind kind, long timestamp)
    {
        var bucketLabels = new List<KeyValuePair<string, string>>(labels) { new("le", MetricExpander.FormatBound(bound)) };
        Emit(_name + "_bucket", kind, cumulative, bucketLabels, timestamp);
    }

    private void Totals(List<KeyValuePair<string, string>> labels, ulong count, double? sum, MetricKind kind, long timestamp)
    {
        Bucket(labels, double.PositiveInfinity, count, kind, timestamp);
        if (sum is { } s && double.IsFinite(s))
        {
            Emit(_name + "_sum", kind, s, labels, timestamp);
        }
        Emit(_name + "_count", kind, count, labels, timestamp);
    }

    private static MetricKind? TotalKind(AggregationTemporality temporality) => temporality switch
    {
        AggregationTemporality.Cumulative => MetricKind.CumulativeCounter,
        AggregationTemporality.Delta => MetricKind.Counter,
        _ => null,
    };

    private void Emit(string name, MetricKind kind, double value, List<KeyValuePair<string, string>> labels, long timestamp) =>
        events.Add(new MetricEvent(name, kind, value, LabelSet.From(labels), timestamp));

    /// <summary>Checks a point's time and attributes; false when it is refused or carries no recorded value.</summary>
    private bool Accept(RepeatedField<KeyValue> attributes, ulong timeUnixNano, uint flags, out List<KeyValuePair<string, string>> labels, out long timestamp)
    {
        labels = [];
        timestamp = OtlpTime.NanosToMillis(timeUnixNano);
        if ((flags & (uint)DataPointFlags.NoRecordedValueMask) != 0)
        {
            // A staleness marker: the series stopped, nothing to store (and nothing wrong with the point).
            return false;
        }
        if (timeUnixNano == 0)
        {
            rejections.Reject(metric.Name, "data point timeUnixNano is missing");
            return false;
        }
        if (OtlpTime.OutsideWindow(timestamp, nowMs, limits.MetricBackfillWindow, limits) is { } window)
        {
            rejections.Reject(metric.Name, "data point timeUnixNano " + window);
            return false;
        }
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            if (OtlpMetricNames.Label(attribute.Key) is not { } name)
            {
                rejections.Reject(metric.Name, $"attribute '{attribute.Key}' cannot be a label name");
                return false;
            }
            var value = json.Text(attribute.Value);
            if (value.Length > limits.MaxLabelValueLength)
            {
                rejections.Reject(metric.Name, $"attribute '{attribute.Key}' is longer than {limits.MaxLabelValueLength} characters");
                return false;
            }
            byName.TryAdd(name, value);
        }
        foreach (var (name, value) in resourceLabels)
        {
            byName[name] = value;
        }
        if (byName.Count > limits.MaxLabelsPerMetric)
        {
            rejections.Reject(metric.Name, $"has {byName.Count} labels; at most {limits.MaxLabelsPerMetric} are accepted");
            return false;
        }
        labels.AddRange(byName);
        return true;
    }

    private void RejectAll(string reason)
    {
        var points = metric.DataCase switch
        {
            Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Count,
            Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Count,
            Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Count,
            Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Count,
            Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Count,
            _ => 1,
        };
        for (var i = 0; i < Math.Max(1, points); i++)
        {
            rejections.Reject(metric.Name.Length == 0 ? "(unnamed metric)" : metric.Name, reason);
        }
    }
}
