using System.Text;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Otlp;

/// <summary>
/// OTLP names to Prometheus names, as Prometheus's own OTLP translation does without unit suffixes:
/// every character outside <c>[a-zA-Z0-9_:]</c> becomes <c>_</c> (labels: outside <c>[a-zA-Z0-9_]</c>),
/// a leading digit gets a prefix, and monotonic sums get <c>_total</c>.
/// </summary>
public static class OtlpMetricNames
{
    public static string Metric(string name)
    {
        var text = Replace(name, allowColon: true);
        return text.Length > 0 && char.IsAsciiDigit(text[0]) ? "_" + text : text;
    }

    public static string Counter(string name)
    {
        var metric = Metric(name);
        return metric.EndsWith("_total", StringComparison.Ordinal) ? metric : metric + "_total";
    }

    /// <summary>A label name; null when nothing usable is left (an empty key).</summary>
    public static string? Label(string key)
    {
        var text = Replace(key, allowColon: false);
        if (text.Length == 0)
        {
            return null;
        }
        if (char.IsAsciiDigit(text[0]))
        {
            text = "key_" + text;
        }
        else if (text.StartsWith("__", StringComparison.Ordinal))
        {
            // Names starting with __ are reserved for Prometheus's own use.
            text = "key" + text;
        }
        return MetricNames.IsValidLabelName(text) ? text : null;
    }

    private static string Replace(string name, bool allowColon)
    {
        var valid = true;
        foreach (var c in name)
        {
            valid &= char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
        }
        if (valid)
        {
            return name;
        }
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }
        return builder.ToString();
    }
}
