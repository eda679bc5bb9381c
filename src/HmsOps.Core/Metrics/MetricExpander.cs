using System.Globalization;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics;

/// <summary>
/// Expands metric events into series writes the way a Prometheus client library exposes them:
/// a timing/histogram observation increments every <c>_bucket</c> whose <c>le</c> bound holds it
/// (cumulative, up to <c>+Inf</c>), and adds to <c>_sum</c> and <c>_count</c>.
/// </summary>
/// Not thread-safe: the ingest writer is its only caller.
public sealed class MetricExpander(MetricsOptions options, MetricMetadataRegistry? metadata = null)
{
    // Label sets are costly to build (sorting, canonical key); a hot series is expanded once, not per sample.
    private readonly Dictionary<(string Name, MetricKind Kind, string Labels), LabelSet[]> _cache = new();

    public void Expand(MetricEvent metric, List<SeriesWrite> writes)
    {
        var series = SeriesFor(metric);
        switch (metric.Kind)
        {
            case MetricKind.Counter:
                writes.Add(new SeriesWrite(series[0], true, metric.Value, metric.TimestampMs));
                break;
            case MetricKind.Gauge:
                writes.Add(new SeriesWrite(series[0], false, metric.Value, metric.TimestampMs));
                break;
            case MetricKind.CumulativeCounter:
                writes.Add(new SeriesWrite(series[0], true, metric.Value, metric.TimestampMs, IsTotal: true));
                break;
            default:
                var bounds = options.BucketsFor(metric.Name);
                for (var i = 0; i < bounds.Length; i++)
                {
                    // Zero increments still create the bucket series, so every bucket exists from the first observation.
                    writes.Add(new SeriesWrite(series[i], true, metric.Value <= bounds[i] ? 1 : 0, metric.TimestampMs));
                }
                writes.Add(new SeriesWrite(series[bounds.Length], true, 1, metric.TimestampMs));
                writes.Add(new SeriesWrite(series[bounds.Length + 1], true, metric.Value, metric.TimestampMs));
                writes.Add(new SeriesWrite(series[bounds.Length + 2], true, 1, metric.TimestampMs));
                break;
        }
    }

    private LabelSet[] SeriesFor(MetricEvent metric)
    {
        var key = (metric.Name, metric.Kind, metric.Labels.Key);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        if (_cache.Count >= Math.Max(1_000, options.MaxSeries))
        {
            _cache.Clear();
        }
        RecordMetadata(metric);
        var built = metric.Kind is MetricKind.Counter or MetricKind.Gauge or MetricKind.CumulativeCounter
            ? [metric.Labels.With(LabelSet.MetricNameLabel, metric.Name)]
            : HistogramSeries(metric);
        _cache[key] = built;
        return built;
    }

    private void RecordMetadata(MetricEvent metric)
    {
        if (metadata is null)
        {
            return;
        }
        if (metric.Kind is not (MetricKind.Counter or MetricKind.CumulativeCounter))
        {
            metadata.Record(metric.Name, metric.Kind);
            return;
        }
        // OTLP histograms arrive as their parts (_bucket with le, _sum, _count): the family is the histogram.
        if (metric.Name.EndsWith("_bucket", StringComparison.Ordinal) && metric.Labels.Get("le") is not null)
        {
            metadata.Record(metric.Name[..^"_bucket".Length], MetricKind.Histogram);
            return;
        }
        if (metadata.FamilyOf(metric.Name).Type.IsHistogram())
        {
            return;
        }
        metadata.Record(metric.Name, MetricKind.Counter);
    }

    /// <summary>Buckets in bound order, then +Inf, _sum and _count.</summary>
    private LabelSet[] HistogramSeries(MetricEvent metric)
    {
        var bucketName = metric.Name + "_bucket";
        return options.BucketsFor(metric.Name).Select(FormatBound).Append("+Inf")
            .Select(le => BucketLabels(metric.Labels, bucketName, le))
            .Append(metric.Labels.With(LabelSet.MetricNameLabel, metric.Name + "_sum"))
            .Append(metric.Labels.With(LabelSet.MetricNameLabel, metric.Name + "_count"))
            .ToArray();
    }

    public static string FormatBound(double bound) =>
        double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString("R", CultureInfo.InvariantCulture);

    private static LabelSet BucketLabels(LabelSet labels, string name, string le) =>
        LabelSet.From(labels.Pairs.Append(new(LabelSet.MetricNameLabel, name)).Append(new("le", le)));
}
