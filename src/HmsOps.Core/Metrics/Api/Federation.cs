using System.Globalization;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics.Api;

/// <summary>The newest sample of one series, with its own timestamp (not the scrape's).</summary>
public readonly record struct FederatedSample(LabelSet Labels, long TimestampMs, double Value);

/// <summary>
/// <c>/federate</c>: the newest sample of each matching series within the lookback, in the Prometheus text exposition
/// format 0.0.4, so a Prometheus can scrape the console (with <c>honor_labels: true</c>, as for any federation).
/// </summary>
public static class Federation
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The newest sample in [fromMs, toMs] of each of <paramref name="series"/>, ordered by family then labels.</summary>
    public static IReadOnlyList<FederatedSample> Collect(TimeSeriesStore store, IReadOnlyList<LabelSet> series, long fromMs, long toMs)
    {
        var result = new List<FederatedSample>(series.Count);
        // One store read per metric name, filtered to the wanted series, rather than one per series.
        foreach (var byName in series.GroupBy(s => s.MetricName ?? "", StringComparer.Ordinal))
        {
            var wanted = byName.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var data in store.Select(byName.Key, labels => wanted.Contains(labels.Key), fromMs, toMs))
            {
                if (data.Timestamps.Length > 0)
                {
                    result.Add(new FederatedSample(data.Labels, data.Timestamps[^1], data.Values[^1]));
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Writes the samples grouped by metric family, one <c># TYPE</c> line per family from the metadata registry
    /// (untyped when unknown); a histogram's <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series go under its family.
    /// </summary>
    public static void Write(TextWriter writer, IReadOnlyList<FederatedSample> samples, MetricMetadataRegistry metadata)
    {
        var families = ExpositionText.GroupByFamily(samples, s => metadata.FamilyOf(s.Labels.MetricName ?? ""));
        foreach (var (family, type, members) in families)
        {
            ExpositionText.WriteTypeLine(writer, family, type ?? "untyped");
            foreach (var sample in members.OrderBy(s => s.Labels.MetricName, StringComparer.Ordinal)
                         .ThenBy(s => s.Labels.Key, StringComparer.Ordinal))
            {
                // Text format 0.0.4 carries timestamps as integer milliseconds.
                ExpositionText.WriteSample(writer, sample.Labels, sample.Value, sample.TimestampMs.ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}
