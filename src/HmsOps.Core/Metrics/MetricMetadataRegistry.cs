using System.Collections.Concurrent;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics;

/// <summary>
/// The type of each metric family as it was ingested (counter, gauge, histogram), for <c>/api/v1/metadata</c> and the
/// <c># TYPE</c> lines of <c>/federate</c>. Bounded by <see cref="MetricsOptions.MaxSeries"/> names: a family first seen
/// beyond the bound is not recorded and reads as untyped (a family needs at least one series, so the bound is never
/// reached before the store's own).
/// </summary>
public sealed class MetricMetadataRegistry(int maxFamilies)
{
    private readonly ConcurrentDictionary<string, string> _types = new(StringComparer.Ordinal);

    public int Count => _types.Count;

    /// <summary>Records the family's type; a timing is exposed as a histogram, as its series are.</summary>
    public void Record(string name, MetricKind kind)
    {
        if (_types.Count >= maxFamilies && !_types.ContainsKey(name))
        {
            return;
        }
        _types[name] = TypeOf(kind);
    }

    /// <summary>
    /// Types for families not recorded yet, read off stored series: <c>x_bucket</c> with an <c>le</c> label makes
    /// <c>x</c> a histogram (its <c>_sum</c> and <c>_count</c> belong to it); otherwise a counter series is a counter
    /// and any other a gauge.
    /// </summary>
    public void Infer(IEnumerable<(LabelSet Labels, bool IsCounter)> series)
    {
        var all = series.Where(s => s.Labels.MetricName is not null).ToArray();
        var histograms = all
            .Where(s => s.Labels.MetricName!.EndsWith("_bucket", StringComparison.Ordinal) && s.Labels.Get("le") is not null)
            .Select(s => s.Labels.MetricName![..^"_bucket".Length])
            .ToHashSet(StringComparer.Ordinal);
        foreach (var family in histograms)
        {
            RecordIfUnknown(family, MetricKind.Histogram);
        }
        foreach (var (labels, isCounter) in all)
        {
            var name = labels.MetricName!;
            if (!FamilyOf(name).Type.IsHistogram())
            {
                RecordIfUnknown(name, isCounter ? MetricKind.Counter : MetricKind.Gauge);
            }
        }
    }

    private void RecordIfUnknown(string name, MetricKind kind)
    {
        if (!_types.ContainsKey(name))
        {
            Record(name, kind);
        }
    }

    /// <summary>counter, gauge or histogram; null when the family is unknown.</summary>
    public string? TypeOf(string family) => _types.GetValueOrDefault(family);

    /// <summary>Every known family and its type, by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> All() =>
        _types.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The family a series name belongs to: <c>x_bucket</c>, <c>x_sum</c> and <c>x_count</c> belong to histogram <c>x</c>;
    /// any other name is its own family.
    /// </summary>
    public (string Family, string? Type) FamilyOf(string seriesName)
    {
        if (_types.TryGetValue(seriesName, out var own))
        {
            return (seriesName, own);
        }
        foreach (var suffix in HistogramSuffixes)
        {
            if (seriesName.EndsWith(suffix, StringComparison.Ordinal))
            {
                var family = seriesName[..^suffix.Length];
                if (_types.TryGetValue(family, out var type) && type == "histogram")
                {
                    return (family, type);
                }
            }
        }
        return (seriesName, null);
    }

    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    private static string TypeOf(MetricKind kind) => kind switch
    {
        MetricKind.Counter or MetricKind.CumulativeCounter => "counter",
        MetricKind.Gauge => "gauge",
        _ => "histogram",
    };
}

internal static class MetricTypeNames
{
    public static bool IsHistogram(this string? type) => type == "histogram";
}
