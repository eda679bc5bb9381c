namespace HmsOps.Core.Alerting.Templating;

/// <summary>How template values print and are named in errors, as Go's fmt does for these types.</summary>
internal static class TemplateValue
{
    public static string Print(object? value) => value switch
    {
        null => "<no value>",
        string s => s,
        double d => GoNumberFormat.V(d),
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, string> map =>
            "map[" + string.Join(" ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + p.Value)) + "]",
        _ => value.ToString() ?? "",
    };

    public static string TypeName(object? value) => value switch
    {
        null => "nil",
        string => "string",
        double => "float64",
        long => "int",
        IReadOnlyDictionary<string, string> => "map[string]string",
        _ => value.GetType().Name,
    };
}
