using System.Globalization;

namespace HmsOps.Core.Alerting.Templating;

/// <summary>Thrown by a template function; the template reports it as Go's "error calling f: ...".</summary>
internal sealed class TemplateFunctionException(string message) : Exception(message);

/// <summary>Prometheus's template functions (template/template.go) with their exact output formats.</summary>
internal static class TemplateFunctions
{
    private static readonly string[] LargePrefixes = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
    private static readonly string[] SmallPrefixes = ["m", "u", "n", "p", "f", "a", "z", "y"];
    private static readonly string[] BinaryPrefixes = ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];

    public static bool Exists(string name) => name is
        "humanize" or "humanize1024" or "humanizeDuration" or "humanizePercentage" or "printf" or "toUpper" or "toLower";

    public static object Call(string name, IReadOnlyList<object?> args) => name switch
    {
        "humanize" => Humanize(ToFloat(Single(name, args))),
        "humanize1024" => Humanize1024(ToFloat(Single(name, args))),
        "humanizeDuration" => HumanizeDuration(ToFloat(Single(name, args))),
        "humanizePercentage" => HumanizePercentage(ToFloat(Single(name, args))),
        "printf" => args.Count == 0 || args[0] is not string format
            ? throw new TemplateFunctionException("printf needs a format string")
            : GoPrintf.Format(format, args.Skip(1).ToList()),
        "toUpper" => TemplateValue.Print(Single(name, args)).ToUpperInvariant(),
        "toLower" => TemplateValue.Print(Single(name, args)).ToLowerInvariant(),
        _ => throw new TemplateFunctionException($"function \"{name}\" not defined"),
    };

    public static string Humanize(double v)
    {
        if (v == 0 || !double.IsFinite(v))
        {
            return GoNumberFormat.G(v, 4);
        }
        var prefix = "";
        if (Math.Abs(v) >= 1)
        {
            foreach (var p in LargePrefixes)
            {
                if (Math.Abs(v) < 1000)
                {
                    break;
                }
                prefix = p;
                v /= 1000;
            }
            return GoNumberFormat.G(v, 4) + prefix;
        }
        return ScaleUp(v);
    }

    public static string Humanize1024(double v)
    {
        if (Math.Abs(v) <= 1 || !double.IsFinite(v))
        {
            return GoNumberFormat.G(v, 4);
        }
        var prefix = "";
        foreach (var p in BinaryPrefixes)
        {
            if (Math.Abs(v) < 1024)
            {
                break;
            }
            prefix = p;
            v /= 1024;
        }
        return GoNumberFormat.G(v, 4) + prefix;
    }

    public static string HumanizeDuration(double v)
    {
        if (!double.IsFinite(v))
        {
            return GoNumberFormat.G(v, 4);
        }
        if (v == 0)
        {
            return GoNumberFormat.G(v, 4) + "s";
        }
        if (Math.Abs(v) >= 1)
        {
            var sign = v < 0 ? "-" : "";
            v = Math.Abs(v);
            var duration = (long)v;
            var seconds = duration % 60;
            var minutes = duration / 60 % 60;
            var hours = duration / 3600 % 24;
            var days = duration / 86400;
            // Days to minutes show whole seconds; plain seconds keep four significant digits.
            if (days != 0)
            {
                return $"{sign}{days}d {hours}h {minutes}m {seconds}s";
            }
            if (hours != 0)
            {
                return $"{sign}{hours}h {minutes}m {seconds}s";
            }
            if (minutes != 0)
            {
                return $"{sign}{minutes}m {seconds}s";
            }
            return sign + GoNumberFormat.G(v, 4) + "s";
        }
        return ScaleUp(v) + "s";
    }

    public static string HumanizePercentage(double v) => GoNumberFormat.G(v * 100, 4) + "%";

    /// <summary>Values below 1 in magnitude: milli, micro ("u", as Prometheus), nano, ...</summary>
    private static string ScaleUp(double v)
    {
        var prefix = "";
        foreach (var p in SmallPrefixes)
        {
            if (Math.Abs(v) >= 1)
            {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return GoNumberFormat.G(v, 4) + prefix;
    }

    private static object? Single(string name, IReadOnlyList<object?> args) =>
        args.Count == 1 ? args[0] : throw new TemplateFunctionException($"wrong number of args for {name}: want 1 got {args.Count}");

    /// <summary>Prometheus's convertToFloat: numbers as they are, strings through Go's ParseFloat.</summary>
    internal static double ToFloat(object? value) => value switch
    {
        double d => d,
        long l => l,
        string s => ParseGoFloat(s),
        _ => throw new TemplateFunctionException($"can't convert {TemplateValue.TypeName(value)} to float"),
    };

    private static double ParseGoFloat(string text)
    {
        switch (text.TrimStart('+', '-').ToLowerInvariant())
        {
            case "inf" or "infinity":
                return text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
            case "nan":
                return double.NaN;
        }
        if (text.Length > 0 && !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1])
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }
        throw new TemplateFunctionException($"strconv.ParseFloat: parsing \"{text}\": invalid syntax");
    }
}
