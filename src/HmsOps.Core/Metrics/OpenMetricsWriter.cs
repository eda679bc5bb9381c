using System.Globalization;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics;

/// <summary>The OpenMetrics metric family types.</summary>
public enum OpenMetricsType { Unknown, Gauge, Counter, Histogram, GaugeHistogram, Summary, Info, StateSet }

/// <summary>
/// Writes series as OpenMetrics text (https://github.com/OpenObservability/OpenMetrics), timestamps included,
/// ending with <c># EOF</c>: what a scraper or <c>promtool tsdb create-blocks-from openmetrics</c> reads.
/// The format needs each family's samples contiguous, so series are grouped by family first; a histogram's
/// <c>_bucket</c>, <c>_count</c> and <c>_sum</c> series are one family, written point by point in time order.
/// </summary>
public static class OpenMetricsWriter
{
    /// <param name="types">
    /// Family types keyed by family name (<c>http_request_duration_seconds</c> for a histogram, <c>http_requests</c> for
    /// the counter whose samples are <c>http_requests_total</c>). A series of no listed family is its own <c>unknown</c> family.
    /// </param>
    /// <exception cref="ArgumentException">A metric or label name is not valid in OpenMetrics.</exception>
    public static void Write(TextWriter writer, IEnumerable<SeriesData> series, IReadOnlyDictionary<string, OpenMetricsType>? types = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(series);
        types ??= new Dictionary<string, OpenMetricsType>();

        var families = new SortedDictionary<string, (OpenMetricsType Type, List<SeriesData> Members)>(StringComparer.Ordinal);
        foreach (var one in series)
        {
            var name = one.Labels.MetricName
                ?? throw new ArgumentException($"Series {one.Labels} has no {LabelSet.MetricNameLabel} label.", nameof(series));
            Validate(one.Labels);
            var (family, type) = FamilyOf(name, types);
            if (!families.TryGetValue(family, out var entry))
            {
                families[family] = entry = (type, []);
            }
            entry.Members.Add(one);
        }

        foreach (var (family, (type, members)) in families)
        {
            writer.Write("# TYPE ");
            writer.Write(family);
            writer.Write(' ');
            writer.Write(TypeName(type));
            writer.Write('\n');
            WriteFamily(writer, type, members);
        }
        writer.Write("# EOF\n");
    }

    public static string Write(IEnumerable<SeriesData> series, IReadOnlyDictionary<string, OpenMetricsType>? types = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, series, types);
        return writer.ToString();
    }

    /// <summary>A value as OpenMetrics spells it: <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c> or a round-trippable decimal.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Unix seconds with millisecond precision, the resolution Prometheus stores.</summary>
    public static string FormatTimestamp(long timestampMs) =>
        (timestampMs / 1000m).ToString(CultureInfo.InvariantCulture);

    private static void WriteFamily(TextWriter writer, OpenMetricsType type, List<SeriesData> members)
    {
        // One "metric" is the members that share labels apart from the name and the bucket/quantile label; OpenMetrics
        // wants each metric's points in time order, and a histogram point's buckets, count and sum next to each other.
        var perPointLabel = type switch
        {
            OpenMetricsType.Histogram or OpenMetricsType.GaugeHistogram => "le",
            OpenMetricsType.Summary => "quantile",
            _ => null,
        };
        var metrics = members
            .GroupBy(s => MetricKey(s.Labels, perPointLabel), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            var ordered = metric.OrderBy(s => SampleOrder(s.Labels, perPointLabel)).ToList();
            var points = ordered
                .SelectMany((s, rank) => s.Timestamps.Select((t, i) => (Time: t, Rank: rank, Series: s, Index: i)))
                .OrderBy(p => p.Time)
                .ThenBy(p => p.Rank);
            foreach (var point in points)
            {
                WriteSample(writer, point.Series.Labels, point.Series.Values[point.Index], point.Time);
            }
        }
    }

    private static void WriteSample(TextWriter writer, LabelSet labels, double value, long timestampMs)
    {
        writer.Write(labels.MetricName);
        var first = true;
        foreach (var (name, labelValue) in labels.Pairs)
        {
            if (name == LabelSet.MetricNameLabel)
            {
                continue;
            }
            writer.Write(first ? '{' : ',');
            first = false;
            writer.Write(name);
            writer.Write("=\"");
            WriteEscaped(writer, labelValue);
            writer.Write('"');
        }
        if (!first)
        {
            writer.Write('}');
        }
        writer.Write(' ');
        writer.Write(FormatValue(value));
        writer.Write(' ');
        writer.Write(FormatTimestamp(timestampMs));
        writer.Write('\n');
    }

    private static void WriteEscaped(TextWriter writer, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': writer.Write("\\\\"); break;
                case '"': writer.Write("\\\""); break;
                case '\n': writer.Write("\\n"); break;
                default: writer.Write(c); break;
            }
        }
    }

    private static (string Family, OpenMetricsType Type) FamilyOf(string name, IReadOnlyDictionary<string, OpenMetricsType> types)
    {
        foreach (var (suffix, fits) in Suffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal)
                && types.TryGetValue(name[..^suffix.Length], out var type) && fits(type))
            {
                return (name[..^suffix.Length], type);
            }
        }
        if (types.TryGetValue(name, out var own) && own is OpenMetricsType.Unknown or OpenMetricsType.Gauge or OpenMetricsType.Info or OpenMetricsType.StateSet)
        {
            return (name, own);
        }
        // A counter, histogram or summary family's samples always carry a suffix; without one the series stands alone.
        return (name, OpenMetricsType.Unknown);
    }

    private static readonly (string Suffix, Func<OpenMetricsType, bool> Fits)[] Suffixes =
    [
        ("_total", t => t == OpenMetricsType.Counter),
        ("_created", t => t is OpenMetricsType.Counter or OpenMetricsType.Histogram or OpenMetricsType.Summary),
        ("_bucket", t => t is OpenMetricsType.Histogram or OpenMetricsType.GaugeHistogram),
        ("_count", t => t is OpenMetricsType.Histogram or OpenMetricsType.Summary),
        ("_sum", t => t is OpenMetricsType.Histogram or OpenMetricsType.Summary),
        ("_gcount", t => t == OpenMetricsType.GaugeHistogram),
        ("_gsum", t => t == OpenMetricsType.GaugeHistogram),
        ("_info", t => t == OpenMetricsType.Info),
    ];

    private static string MetricKey(LabelSet labels, string? perPointLabel)
    {
        var rest = labels.Without(LabelSet.MetricNameLabel);
        return perPointLabel is null ? labels.Key : rest.Without(perPointLabel).Key;
    }

    /// <summary>Buckets by bound (+Inf last), then count, sum and the rest by name.</summary>
    private static (int, double, string) SampleOrder(LabelSet labels, string? perPointLabel)
    {
        var name = labels.MetricName ?? "";
        if (perPointLabel is not null && labels.Get(perPointLabel) is { } bound)
        {
            var parsed = bound == "+Inf" ? double.PositiveInfinity
                : double.TryParse(bound, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
                : double.MaxValue;
            return (0, parsed, name);
        }
        return (1, 0, name);
    }

    private static void Validate(LabelSet labels)
    {
        foreach (var (name, _) in labels.Pairs)
        {
            if (name == LabelSet.MetricNameLabel)
            {
                continue;
            }
            if (!IsValidName(name, allowColon: false))
            {
                throw new ArgumentException($"Label name '{name}' of series {labels} is not valid in OpenMetrics ([a-zA-Z_][a-zA-Z0-9_]*).", nameof(labels));
            }
        }
        if (!IsValidName(labels.MetricName!, allowColon: true))
        {
            throw new ArgumentException($"Metric name '{labels.MetricName}' is not valid in OpenMetrics ([a-zA-Z_:][a-zA-Z0-9_:]*).", nameof(labels));
        }
    }

    private static bool IsValidName(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_'
                || (i > 0 && c is >= '0' and <= '9')
                || (allowColon && c == ':');
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static string TypeName(OpenMetricsType type) => type switch
    {
        OpenMetricsType.Gauge => "gauge",
        OpenMetricsType.Counter => "counter",
        OpenMetricsType.Histogram => "histogram",
        OpenMetricsType.GaugeHistogram => "gaugehistogram",
        OpenMetricsType.Summary => "summary",
        OpenMetricsType.Info => "info",
        OpenMetricsType.StateSet => "stateset",
        _ => "unknown",
    };
}
