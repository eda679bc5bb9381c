using System.Text;
using System.Text.RegularExpressions;

namespace HmsOps.Core.Dashboards;

/// <summary>
/// A variable's selection as the interpolator needs it. <see cref="Values"/> are the selected values, or for
/// All every option (unless <see cref="AllValue"/> replaces them); <see cref="IsRaw"/> marks global variables,
/// which are never escaped.
/// </summary>
public sealed record VariableValue(IReadOnlyList<string> Values, bool Multi = false, bool IncludeAll = false, bool IsAll = false, string? AllValue = null, bool IsRaw = false)
{
    public static VariableValue Raw(string value) => new([value], IsRaw: true);

    public string Text => IsAll ? "All" : string.Join(" + ", Values);
}

/// <summary>
/// Grafana's variable interpolation for Prometheus queries: <c>$var</c>, <c>${var}</c>, <c>[[var]]</c> and the
/// formats <c>${var:regex}</c>, <c>:pipe</c>, <c>:csv</c>, <c>:raw</c>, <c>:glob</c>, <c>:json</c>, <c>:doublequote</c>,
/// <c>:singlequote</c>. Without a format a multi-value or include-All variable becomes a regex alternation
/// <c>(a|b|c)</c> with regex metacharacters escaped (for <c>=~</c>), a single-value one is inserted with only
/// backslashes and quotes escaped, and All with a custom all value inserts that value as written.
/// Unknown variables are left as written, as in Grafana.
/// </summary>
public static partial class TemplateInterpolator
{
    public static string Interpolate(string text, IReadOnlyDictionary<string, VariableValue> variables) =>
        VariablePattern().Replace(text, match =>
        {
            var name = FirstSuccess(match, "dollar", "bracket", "brace");
            if (name is null || !variables.TryGetValue(name, out var variable))
            {
                return match.Value;
            }
            var format = FirstSuccess(match, "bracketFormat", "braceFormat");
            return Format(variable, format);
        });

    /// <summary>Names of the variables <paramref name="text"/> refers to (to know which queries a change affects).</summary>
    public static IEnumerable<string> References(string text) =>
        VariablePattern().Matches(text).Select(m => FirstSuccess(m, "dollar", "bracket", "brace")).OfType<string>();

    private static string Format(VariableValue variable, string? format)
    {
        if (variable.IsRaw)
        {
            return variable.Values.Count > 0 ? variable.Values[0] : "";
        }
        if (variable.IsAll && variable.AllValue is not null && format is null or "regex")
        {
            return variable.AllValue;
        }
        var values = variable.Values;
        switch (format)
        {
            case null:
                if (!variable.Multi && !variable.IncludeAll)
                {
                    return PromQLStringEscape(values.Count > 0 ? values[0] : "");
                }
                var escaped = values.Select(v => PromQLStringEscape(RegexEscape(v))).ToArray();
                return escaped.Length == 1 ? escaped[0] : "(" + string.Join('|', escaped) + ")";
            case "regex":
                var regex = values.Select(RegexEscape).ToArray();
                return regex.Length == 1 ? regex[0] : "(" + string.Join('|', regex) + ")";
            case "pipe":
                return string.Join('|', values);
            case "csv":
                return string.Join(',', values);
            case "raw":
                return values.Count == 1 ? values[0] : "{" + string.Join(',', values) + "}";
            case "glob":
                return values.Count == 1 ? values[0] : "{" + string.Join(',', values) + "}";
            case "json":
                return System.Text.Json.JsonSerializer.Serialize(values.Count == 1 ? (object)values[0] : values);
            case "doublequote":
                return string.Join(',', values.Select(v => "\"" + v.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
            case "singlequote":
                return string.Join(',', values.Select(v => "'" + v.Replace("'", "\\'", StringComparison.Ordinal) + "'"));
            default:
                return string.Join(',', values);
        }
    }

    /// <summary>Escapes regex metacharacters, as Grafana's <c>escapeRegex</c>.</summary>
    public static string RegexEscape(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if ("\\^$.|?*+()[]{}".Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>Inside a PromQL string literal a backslash and a quote need a backslash of their own.</summary>
    private static string PromQLStringEscape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string? FirstSuccess(Match match, params string[] groups) =>
        groups.Select(g => match.Groups[g]).FirstOrDefault(g => g.Success)?.Value;

    [GeneratedRegex(@"\$(?<dollar>\w+)|\[\[(?<bracket>\w+?)(?::(?<bracketFormat>\w+))?\]\]|\$\{(?<brace>\w+)(?::(?<braceFormat>[^}]+))?\}")]
    private static partial Regex VariablePattern();
}
