using System.Globalization;

namespace HmsOps.Core.Dashboards;

/// <summary>
/// Grafana's value formats for the units dashboards use most: time (s, ms, µs, ns, m, h, d), percent and
/// percentunit, short (K, Mil, Bil…), bytes (IEC) and decbytes (SI), rates (reqps, ops, rps, cps…) and none.
/// Without explicit decimals the number of decimals follows the value's magnitude, as Grafana's <c>toFixed</c>.
/// An unknown unit is shown as a suffix, as Grafana does with a custom unit.
/// </summary>
public static class UnitFormatter
{
    private static readonly string[] ShortSuffixes = ["", " K", " Mil", " Bil", " Tri", " Quadr", " Quint", " Sext", " Sept"];
    private static readonly string[] IecBytes = [" B", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB", " ZiB", " YiB"];
    private static readonly string[] SiBytes = [" B", " kB", " MB", " GB", " TB", " PB", " EB", " ZB", " YB"];

    public static string Format(double? value, string? unit, int? decimals = null)
    {
        if (value is not { } v)
        {
            return "No data";
        }
        if (double.IsNaN(v))
        {
            return "NaN";
        }
        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return (unit ?? "none") switch
        {
            "none" or "" => ToFixed(v, decimals),
            "short" => Scaled(v, decimals, 1000, ShortSuffixes),
            "percent" => ToFixed(v, decimals) + "%",
            "percentunit" => ToFixed(v * 100, decimals) + "%",
            "s" => Seconds(v, decimals),
            "ms" => Seconds(v / 1000, decimals),
            "µs" or "us" => Seconds(v / 1e6, decimals),
            "ns" => Seconds(v / 1e9, decimals),
            "m" => Seconds(v * 60, decimals),
            "h" => Seconds(v * 3600, decimals),
            "d" => Seconds(v * 86400, decimals),
            "bytes" => Scaled(v, decimals, 1024, IecBytes),
            "decbytes" => Scaled(v, decimals, 1000, SiBytes),
            "reqps" => Count(v, decimals, "req/s"),
            "rps" => Count(v, decimals, "rd/s"),
            "wps" => Count(v, decimals, "wr/s"),
            "ops" => Count(v, decimals, "ops/s"),
            "cps" => Count(v, decimals, "c/s"),
            "reqpm" => Count(v, decimals, "req/m"),
            "opm" => Count(v, decimals, "ops/m"),
            var custom => ToFixed(v, decimals) + " " + custom,
        };
    }

    /// <summary>Grafana's <c>toSeconds</c>: below a second in ms/µs/ns, above a minute in min/hour/day/week/year.</summary>
    private static string Seconds(double s, int? decimals)
    {
        var abs = Math.Abs(s);
        return abs switch
        {
            0 => ToFixed(0, decimals) + " s",
            < 0.000001 => ToFixed(s * 1e9, decimals) + " ns",
            < 0.001 => ToFixed(s * 1e6, decimals) + " µs",
            < 1 => ToFixed(s * 1e3, decimals) + " ms",
            < 60 => ToFixed(s, decimals) + " s",
            < 3600 => ToFixed(s / 60, decimals) + " min",
            < 86400 => ToFixed(s / 3600, decimals) + " hour",
            < 604800 => ToFixed(s / 86400, decimals) + " day",
            < 31536000 => ToFixed(s / 604800, decimals) + " week",
            _ => ToFixed(s / 31536000, decimals) + " year",
        };
    }

    private static string Count(double v, int? decimals, string unit) =>
        Scaled(v, decimals, 1000, new[] { "", "K", "M", "B", "T" }.Select(p => $" {p}{unit}").ToArray());

    private static string Scaled(double v, int? decimals, double factor, string[] suffixes)
    {
        var index = v == 0 ? 0 : (int)Math.Floor(Math.Log(Math.Abs(v)) / Math.Log(factor));
        index = Math.Clamp(index, 0, suffixes.Length - 1);
        return ToFixed(v / Math.Pow(factor, index), decimals) + suffixes[index];
    }

    /// <summary>
    /// Grafana's <c>toFixed</c>: without decimals, two significant digits past the leading one for values that
    /// are not whole (so 4.8612 shows 4.86 and 370.5 shows 371), none for whole numbers.
    /// </summary>
    public static string ToFixed(double value, int? decimals)
    {
        var places = decimals ?? AutoDecimals(value);
        places = Math.Clamp(places, 0, 15);
        var rounded = Math.Round(value, places, MidpointRounding.AwayFromZero);
        return rounded.ToString("F" + places.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static int AutoDecimals(double value)
    {
        if (value == 0 || value % 1 == 0)
        {
            return 0;
        }
        var log10 = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var places = -log10 + 1;
        var norm = Math.Abs(value) / Math.Pow(10, -places);
        if (norm > 2.25)
        {
            places++;
        }
        return Math.Max(0, places);
    }
}
