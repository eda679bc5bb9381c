using System.Text.RegularExpressions;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Dashboards;

/// <summary>
/// Grafana's Prometheus series names: a legend format with <c>{{label}}</c> placeholders (a missing label
/// becomes empty), else the series' labels as PromQL writes them (<c>name{a="b"}</c>), else the expression.
/// </summary>
public static partial class LegendFormatter
{
    public static string Name(LabelSet labels, string? legendFormat, string expr)
    {
        if (!string.IsNullOrEmpty(legendFormat) && legendFormat != "__auto")
        {
            return Placeholder().Replace(legendFormat, m => labels.Get(m.Groups[1].Value.Trim()) ?? "");
        }
        var name = labels.MetricName ?? "";
        var rest = labels.Pairs.Where(p => p.Key != LabelSet.MetricNameLabel).Select(p => $"{p.Key}=\"{p.Value}\"").ToArray();
        if (rest.Length == 0)
        {
            return name.Length > 0 ? name : expr;
        }
        return name + "{" + string.Join(", ", rest) + "}";
    }

    [GeneratedRegex(@"\{\{\s*(.+?)\s*\}\}")]
    private static partial Regex Placeholder();
}
