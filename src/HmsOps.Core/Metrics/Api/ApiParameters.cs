using HmsOps.Core.PromQL;
using System.Globalization;
using System.Text.RegularExpressions;

namespace HmsOps.Core.Metrics.Api;

/// <summary>
/// Reads the Prometheus HTTP API's time and duration parameters the way Prometheus does: a time is Unix seconds
/// (a float, rounded to the millisecond) or RFC 3339; a duration is float seconds or a Prometheus duration such as 1h30m.
/// </summary>
public static partial class ApiParameters
{
    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (!double.IsFinite(seconds) || Math.Abs(seconds) > 253_402_300_799d)
            {
                return false;
            }
            time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000d, MidpointRounding.AwayFromZero));
            return true;
        }
        return DateTimeOffset.TryParseExact(text, Rfc3339Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal, out time);
    }

    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (!double.IsFinite(seconds) || Math.Abs(seconds) >= TimeSpan.MaxValue.TotalSeconds)
            {
                return false;
            }
            duration = TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
            return true;
        }
        return text != "0" && PromDuration.TryParse(text, out duration);
    }

    /// <summary>Prometheus's phrase for a time it cannot read, e.g. <c>cannot parse "x" to a valid timestamp</c>.</summary>
    public static string BadTime(string parameter, string? text) =>
        $"invalid parameter \"{parameter}\": cannot parse {Quote(text ?? "")} to a valid timestamp";

    /// <summary>An optional time (<c>time</c>, or series and labels' <c>start</c>/<c>end</c>), which Prometheus words differently.</summary>
    public static string BadOptionalTime(string parameter, string? text) =>
        $"invalid parameter \"{parameter}\": Invalid time value for '{parameter}': cannot parse {Quote(text ?? "")} to a valid timestamp";

    public static string BadDuration(string parameter, string? text) =>
        $"invalid parameter \"{parameter}\": cannot parse {Quote(text ?? "")} to a valid duration";

    /// <summary>Go's %q for the strings that reach these messages: quotes and backslashes escaped.</summary>
    public static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static readonly string[] Rfc3339Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];
}
