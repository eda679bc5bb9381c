using System.Globalization;
using System.Text.RegularExpressions;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;

namespace HmsOps.Core.Dashboards;

/// <summary>
/// Grafana's Prometheus variable queries: <c>label_values(label)</c>, <c>label_values(selector, label)</c>,
/// <c>label_names()</c>, <c>metrics(regex)</c> and <c>query_result(expr)</c> (each sample as
/// <c>name{labels} value timestamp</c>, to be cut down with the variable's regex). Then the variable's
/// <c>regex</c> (a capture group picks the text) and <c>sort</c> apply.
/// </summary>
public static partial class VariableQuery
{
    public static async Task<IReadOnlyList<string>> RunAsync(IMetricsSource source, string query, string? regex, int sort,
        DateTimeOffset from, DateTimeOffset to, int maxValues, CancellationToken cancellationToken)
    {
        var values = await FetchAsync(source, query.Trim(), from, to, cancellationToken).ConfigureAwait(false);
        return Refine(values, regex, sort, maxValues);
    }

    private static async Task<IReadOnlyList<string>> FetchAsync(IMetricsSource source, string query, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var match = LabelValuesPattern().Match(query);
        if (match.Success)
        {
            var selector = match.Groups["selector"].Success ? match.Groups["selector"].Value.Trim() : null;
            var label = match.Groups["label"].Value;
            return await source.LabelValuesAsync(label, selector is null ? [] : [selector], from, to, ct).ConfigureAwait(false);
        }
        if (LabelNamesPattern().IsMatch(query))
        {
            return await source.LabelNamesAsync([], from, to, ct).ConfigureAwait(false);
        }
        match = MetricsPattern().Match(query);
        if (match.Success)
        {
            var names = await source.LabelValuesAsync("__name__", [], from, to, ct).ConfigureAwait(false);
            var filter = new Regex(match.Groups["regex"].Value.Trim(), RegexOptions.None, TimeSpan.FromSeconds(1));
            return names.Where(n => filter.IsMatch(n)).ToArray();
        }
        match = QueryResultPattern().Match(query);
        if (match.Success)
        {
            var result = await source.QueryAsync(match.Groups["expr"].Value, to, ct).ConfigureAwait(false);
            return result switch
            {
                VectorResult vector => vector.Samples.Select(s =>
                    $"{LegendFormatter.Name(s.Labels, null, "")} {s.Value.ToString(CultureInfo.InvariantCulture)} {s.TimestampMs}").ToArray(),
                ScalarResult scalar => [$"scalar {scalar.Value.ToString(CultureInfo.InvariantCulture)} {scalar.TimestampMs}"],
                _ => [],
            };
        }
        throw new FormatException($"'{query}' is not label_values(...), label_names(), metrics(...) or query_result(...)");
    }

    /// <summary>The variable's regex (<c>/pattern/flags</c> or bare), then distinct, then Grafana's sort orders.</summary>
    public static IReadOnlyList<string> Refine(IEnumerable<string> values, string? regex, int sort, int maxValues)
    {
        if (!string.IsNullOrEmpty(regex))
        {
            var filter = ToRegex(regex);
            values = values.Select(v => filter.Match(v)).Where(m => m.Success)
                .Select(m => m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1].Value : m.Value);
        }
        var distinct = values.Distinct(StringComparer.Ordinal);
        distinct = sort switch
        {
            1 => distinct.Order(StringComparer.Ordinal),
            2 => distinct.OrderDescending(StringComparer.Ordinal),
            3 => distinct.OrderBy(NumberIn),
            4 => distinct.OrderByDescending(NumberIn),
            5 => distinct.Order(StringComparer.OrdinalIgnoreCase),
            6 => distinct.OrderDescending(StringComparer.OrdinalIgnoreCase),
            _ => distinct,
        };
        return distinct.Take(maxValues).ToArray();
    }

    private static Regex ToRegex(string regex)
    {
        var options = RegexOptions.None;
        if (regex.Length > 1 && regex[0] == '/' && regex.LastIndexOf('/') > 0)
        {
            var end = regex.LastIndexOf('/');
            if (regex[(end + 1)..].Contains('i', StringComparison.Ordinal))
            {
                options |= RegexOptions.IgnoreCase;
            }
            regex = regex[1..end];
        }
        return new Regex(regex, options, TimeSpan.FromSeconds(1));
    }

    private static double NumberIn(string value)
    {
        var match = NumberPattern().Match(value);
        return match.Success ? double.Parse(match.Value, CultureInfo.InvariantCulture) : double.MinValue;
    }

    [GeneratedRegex(@"^label_values\(\s*(?:(?<selector>.+)\s*,\s*)?(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*\)$", RegexOptions.Singleline)]
    private static partial Regex LabelValuesPattern();

    [GeneratedRegex(@"^label_names\(\s*\)$")]
    private static partial Regex LabelNamesPattern();

    [GeneratedRegex(@"^metrics\((?<regex>.+)\)$", RegexOptions.Singleline)]
    private static partial Regex MetricsPattern();

    [GeneratedRegex(@"^query_result\((?<expr>.+)\)$", RegexOptions.Singleline)]
    private static partial Regex QueryResultPattern();

    [GeneratedRegex(@"-?\d+(\.\d+)?")]
    private static partial Regex NumberPattern();
}
