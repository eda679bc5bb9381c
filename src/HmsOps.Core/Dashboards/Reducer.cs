namespace HmsOps.Core.Dashboards;

/// <summary>
/// Grafana's field reducers (stat, gauge and bar gauge calculations, legend values). Null and NaN are gaps:
/// every reducer skips them except <c>last</c>/<c>first</c>, which report a gap as no value, as Grafana does.
/// </summary>
public static class Reducer
{
    private static readonly Dictionary<string, Func<IReadOnlyList<double>, double?>> Reducers = new(StringComparer.Ordinal)
    {
        ["lastNotNull"] = v => Real(v).Cast<double?>().LastOrDefault(),
        ["last"] = v => v.Count == 0 || double.IsNaN(v[^1]) ? null : v[^1],
        ["firstNotNull"] = v => Real(v).Cast<double?>().FirstOrDefault(),
        ["first"] = v => v.Count == 0 || double.IsNaN(v[0]) ? null : v[0],
        ["mean"] = v => Real(v).ToArray() is { Length: > 0 } r ? r.Average() : null,
        ["max"] = v => Real(v).ToArray() is { Length: > 0 } r ? r.Max() : null,
        ["min"] = v => Real(v).ToArray() is { Length: > 0 } r ? r.Min() : null,
        ["sum"] = v => Real(v).ToArray() is { Length: > 0 } r ? r.Sum() : null,
        ["count"] = v => v.Count,
        ["range"] = v => Real(v).ToArray() is { Length: > 0 } r ? r.Max() - r.Min() : null,
        ["delta"] = Delta,
        ["diff"] = v => Real(v).ToArray() is { Length: > 0 } r ? r[^1] - r[0] : null,
        ["median"] = v => Real(v).Order().ToArray() is { Length: > 0 } r ? (r[(r.Length - 1) / 2] + r[r.Length / 2]) / 2 : null,
        ["distinctCount"] = v => Real(v).Distinct().Count(),
        ["changeCount"] = v => Real(v).ToArray() is var r ? r.Zip(r.Skip(1)).Count(p => p.First != p.Second) : null,
    };

    public static IEnumerable<string> Names => Reducers.Keys;

    public static bool IsKnown(string name) => Reducers.ContainsKey(Alias(name));

    /// <summary>The reduced value, or null when there is nothing to reduce.</summary>
    public static double? Reduce(string calc, IReadOnlyList<double> values) =>
        Reducers.TryGetValue(Alias(calc), out var reduce)
            ? reduce(values)
            : throw new ArgumentException($"calculation '{calc}' is not supported", nameof(calc));

    /// <summary>Old dashboards (singlestat, graph legends) used these names.</summary>
    private static string Alias(string name) => name switch
    {
        "current" => "lastNotNull",
        "avg" => "mean",
        "total" => "sum",
        _ => name,
    };

    private static IEnumerable<double> Real(IReadOnlyList<double> values) => values.Where(v => !double.IsNaN(v));

    /// <summary>Grafana's delta: the sum of increases, a counter reset counting from zero.</summary>
    private static double? Delta(IReadOnlyList<double> values)
    {
        var real = Real(values).ToArray();
        if (real.Length == 0)
        {
            return null;
        }
        var sum = 0.0;
        for (var i = 1; i < real.Length; i++)
        {
            var step = real[i] - real[i - 1];
            sum += step >= 0 ? step : real[i];
        }
        return sum;
    }
}
