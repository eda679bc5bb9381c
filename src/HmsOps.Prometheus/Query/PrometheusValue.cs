using System.Globalization;

namespace HmsOps.Prometheus;

/// <summary>
/// Sample values travel as strings in Prometheus JSON because JSON numbers cannot carry NaN and infinities;
/// Go writes them as "NaN", "+Inf" and "-Inf", which <see cref="double.Parse(string, IFormatProvider)"/> does not accept.
/// </summary>
public static class PrometheusValue
{
    public static double Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a Prometheus sample value.");

    public static bool TryParse(string? text, out double value)
    {
        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    /// <summary>Writes a value the way Prometheus does, so a value read and written again is unchanged.</summary>
    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
