using System.Globalization;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics;

/// <summary>
/// What the Prometheus text format 0.0.4 (<c>/federate</c>) and OpenMetrics (promtool backfill) write alike: samples
/// grouped by family in name order under one <c># TYPE</c> line, <c>name{label="value",…} value timestamp</c> lines
/// with escaped label values, and the same spelling of numbers. They differ in how families are found and in
/// timestamp units, which stay with each writer.
/// </summary>
internal static class ExpositionText
{
    /// <summary>
    /// Items grouped by family, families in ordinal name order, items in input order; a family takes its first item's type.
    /// Grouping finishes (and <paramref name="familyOf"/> may throw) before anything is written.
    /// </summary>
    public static IEnumerable<(string Family, TType Type, List<T> Members)> GroupByFamily<T, TType>(
        IEnumerable<T> items, Func<T, (string Family, TType Type)> familyOf)
    {
        var families = new SortedDictionary<string, (TType Type, List<T> Members)>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var (family, type) = familyOf(item);
            if (!families.TryGetValue(family, out var entry))
            {
                families[family] = entry = (type, []);
            }
            entry.Members.Add(item);
        }
        return families.Select(f => (f.Key, f.Value.Type, f.Value.Members));
    }

    public static void WriteTypeLine(TextWriter writer, string family, string type)
    {
        writer.Write("# TYPE ");
        writer.Write(family);
        writer.Write(' ');
        writer.Write(type);
        writer.Write('\n');
    }

    /// <summary><c>name{label="value",…} value timestamp</c>; the caller spells the timestamp in its format's unit.</summary>
    public static void WriteSample(TextWriter writer, LabelSet labels, double value, string timestamp)
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
        writer.Write(timestamp);
        writer.Write('\n');
    }

    /// <summary>A value as both formats spell it: <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c> or a round-trippable decimal.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Backslash, double quote and newline are the only characters either format escapes in a label value.</summary>
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
}
