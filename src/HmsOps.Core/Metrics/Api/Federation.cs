using System.Globalization;
using System.Text;
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
        var families = samples
            .Select(s => (Sample: s, Family: metadata.FamilyOf(s.Labels.MetricName ?? "")))
            .GroupBy(s => s.Family.Family, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var line = new StringBuilder();
        foreach (var family in families)
        {
            writer.Write("# TYPE ");
            writer.Write(family.Key);
            writer.Write(' ');
            writer.Write(family.First().Family.Type ?? "untyped");
            writer.Write('\n');
            foreach (var (sample, _) in family.OrderBy(s => s.Sample.Labels.MetricName, StringComparer.Ordinal)
                         .ThenBy(s => s.Sample.Labels.Key, StringComparer.Ordinal))
            {
                line.Clear();
                AppendSample(line, sample);
                writer.Write(line);
            }
        }
    }

    /// <summary><c>name{label="value",…} value timestamp_ms</c>, label values escaped as the format requires.</summary>
    public static void AppendSample(StringBuilder line, FederatedSample sample)
    {
        line.Append(sample.Labels.MetricName);
        var first = true;
        foreach (var (name, value) in sample.Labels.Pairs)
        {
            if (name == LabelSet.MetricNameLabel)
            {
                continue;
            }
            line.Append(first ? '{' : ',').Append(name).Append("=\"");
            foreach (var c in value)
            {
                _ = c switch
                {
                    '\\' => line.Append("\\\\"),
                    '"' => line.Append("\\\""),
                    '\n' => line.Append("\\n"),
                    _ => line.Append(c),
                };
            }
            line.Append('"');
            first = false;
        }
        if (!first)
        {
            line.Append('}');
        }
        line.Append(' ').Append(FormatValue(sample.Value)).Append(' ')
            .Append(sample.TimestampMs.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
