using System.Globalization;

namespace HmsOps.Core.Alerting.Templating;

/// <summary>Go's <c>fmt</c> float formatting (<c>%g</c>, <c>%e</c>, <c>%f</c>, <c>%v</c>), so templates print what Prometheus prints.</summary>
internal static class GoNumberFormat
{
    /// <summary>Go's <c>%v</c> for a float64: shortest digits, exponent form below 1e-4 or from 1e6 (1e+06).</summary>
    public static string V(double value) => G(value, -1);

    /// <summary>Go's <c>%.{precision}g</c>; precision -1 is the shortest representation that round-trips.</summary>
    public static string G(double value, int precision)
    {
        if (Special(value) is { } special)
        {
            return special;
        }
        var (negative, digits, exponent) = Decompose(value, precision);
        // Go: %e when the exponent is below -4 or at least the precision (6 for the shortest form).
        var limit = precision < 0 ? 6 : Math.Max(precision, 1);
        var body = exponent < -4 || exponent >= limit
            ? ExponentForm(digits, exponent)
            : PlainForm(digits, exponent);
        return negative ? "-" + body : body;
    }

    /// <summary>Go's <c>%.{precision}e</c>.</summary>
    public static string E(double value, int precision)
    {
        if (Special(value) is { } special)
        {
            return special;
        }
        var text = Math.Abs(value).ToString("E" + precision, CultureInfo.InvariantCulture);
        var mantissa = text[..text.IndexOf('E')];
        var exponent = int.Parse(text[(text.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
        return (IsNegative(value) ? "-" : "") + mantissa + ExponentSuffix(exponent);
    }

    /// <summary>Go's <c>strconv.FormatFloat(v, 'e', -1, 64)</c>: shortest digits in exponent form, e.g. <c>1.3e+01</c> (alert values in the API).</summary>
    public static string ShortestExponent(double value)
    {
        if (Special(value) is { } special)
        {
            return special;
        }
        var (negative, digits, exponent) = Decompose(value, -1);
        return (negative ? "-" : "") + ExponentForm(digits, exponent);
    }

    /// <summary>Go's <c>%.{precision}f</c>.</summary>
    public static string F(double value, int precision) =>
        Special(value) ?? value.ToString("F" + precision, CultureInfo.InvariantCulture);

    private static string? Special(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : null;

    private static bool IsNegative(double value) => value < 0 || (value == 0 && double.IsNegative(value));

    /// <summary>Significant digits without trailing zeros, and the decimal exponent of the first digit.</summary>
    private static (bool Negative, string Digits, int Exponent) Decompose(double value, int precision)
    {
        var negative = IsNegative(value);
        var magnitude = Math.Abs(value);
        if (magnitude == 0)
        {
            return (negative, "0", 0);
        }
        string text;
        if (precision < 0)
        {
            text = magnitude.ToString("E16", CultureInfo.InvariantCulture);
            for (var p = 0; p <= 16; p++)
            {
                var candidate = magnitude.ToString("E" + p, CultureInfo.InvariantCulture);
                if (double.Parse(candidate, CultureInfo.InvariantCulture) == magnitude)
                {
                    text = candidate;
                    break;
                }
            }
        }
        else
        {
            text = magnitude.ToString("E" + Math.Max(precision - 1, 0), CultureInfo.InvariantCulture);
        }
        var e = text.IndexOf('E');
        var digits = text[..e].Replace(".", "", StringComparison.Ordinal).TrimEnd('0');
        return (negative, digits.Length == 0 ? "0" : digits, int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture));
    }

    private static string ExponentForm(string digits, int exponent) =>
        (digits.Length == 1 ? digits : digits[0] + "." + digits[1..]) + ExponentSuffix(exponent);

    private static string ExponentSuffix(int exponent) =>
        "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);

    private static string PlainForm(string digits, int exponent)
    {
        if (exponent < 0)
        {
            return "0." + new string('0', -exponent - 1) + digits;
        }
        if (digits.Length <= exponent + 1)
        {
            return digits + new string('0', exponent + 1 - digits.Length);
        }
        return digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }
}
