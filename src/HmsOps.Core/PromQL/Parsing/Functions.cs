namespace HmsOps.Core.PromQL.Parsing;

/// <summary>A function's signature as Prometheus declares it; <see cref="Variadic"/> -1 means any number of the last type.</summary>
internal sealed record FunctionSignature(string Name, PromValueType[] ArgTypes, int Variadic, PromValueType ReturnType);

/// <summary>The functions this engine evaluates, and the Prometheus 2.42 ones it knows but refuses by name.</summary>
internal static class Functions
{
    private const PromValueType S = PromValueType.Scalar;
    private const PromValueType V = PromValueType.InstantVector;
    private const PromValueType M = PromValueType.RangeVector;
    private const PromValueType Str = PromValueType.String;

    private static readonly Dictionary<string, FunctionSignature> Supported = new FunctionSignature[]
    {
        new("abs", [V], 0, V), new("ceil", [V], 0, V), new("floor", [V], 0, V), new("round", [V, S], 1, V),
        new("clamp", [V, S, S], 0, V), new("clamp_min", [V, S], 0, V), new("clamp_max", [V, S], 0, V),
        new("scalar", [V], 0, S), new("vector", [S], 0, V), new("time", [], 0, S), new("timestamp", [V], 0, V),
        new("absent", [V], 0, V), new("label_replace", [V, Str, Str, Str, Str], 0, V),
        new("label_join", [V, Str, Str, Str], -1, V), new("sort", [V], 0, V), new("sort_desc", [V], 0, V),
        new("rate", [M], 0, V), new("irate", [M], 0, V), new("increase", [M], 0, V), new("delta", [M], 0, V),
        new("idelta", [M], 0, V), new("histogram_quantile", [S, V], 0, V),
        new("avg_over_time", [M], 0, V), new("min_over_time", [M], 0, V), new("max_over_time", [M], 0, V),
        new("sum_over_time", [M], 0, V), new("count_over_time", [M], 0, V), new("last_over_time", [M], 0, V),
        new("quantile_over_time", [S, M], 0, V),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    private static readonly HashSet<string> KnownUnsupported = new(StringComparer.Ordinal)
    {
        "absent_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "changes", "cos", "cosh", "days_in_month",
        "day_of_month", "day_of_week", "day_of_year", "deg", "deriv", "exp", "histogram_count", "histogram_sum",
        "histogram_fraction", "holt_winters", "hour", "ln", "log10", "log2", "minute", "month", "pi", "predict_linear",
        "present_over_time", "rad", "resets", "sgn", "sin", "sinh", "sqrt", "stddev_over_time", "stdvar_over_time",
        "tan", "tanh", "year", "label_values",
    };

    public static FunctionSignature? Find(string name) => Supported.GetValueOrDefault(name);

    public static bool IsKnownUnsupported(string name) => KnownUnsupported.Contains(name);

    public static IEnumerable<string> SupportedNames => Supported.Keys.Order(StringComparer.Ordinal);
}
