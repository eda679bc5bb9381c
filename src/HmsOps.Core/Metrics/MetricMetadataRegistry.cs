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
        MetricKind.Counter => "counter",
        MetricKind.Gauge => "gauge",
        _ => "histogram",
    };
}
