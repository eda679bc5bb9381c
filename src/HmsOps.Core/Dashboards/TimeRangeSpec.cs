using System.Globalization;
using System.Text.RegularExpressions;

namespace HmsOps.Core.Dashboards;

/// <summary>
/// Grafana's time range: <c>from</c>/<c>to</c> are relative (<c>now</c>, <c>now-1h</c>, <c>now-7d</c>) or absolute
/// (ISO 8601 or epoch milliseconds, as Grafana writes them in URLs).
/// </summary>
public sealed partial record TimeRangeSpec(string From, string To)
{
    /// <summary>Both ends relative to now: the range moves with the clock, so it is queried live.</summary>
    public bool IsRelative => IsRelativePoint(From) && IsRelativePoint(To);

    public (DateTimeOffset From, DateTimeOffset To) Resolve(DateTimeOffset now)
    {
        if (!TryResolvePoint(From, now, out var from) || !TryResolvePoint(To, now, out var to))
        {
            throw new FormatException($"'{From}' to '{To}' is not a time range");
        }
        return from <= to ? (from, to) : (to, from);
    }

    public static bool IsRelativePoint(string text) => text.Trim().StartsWith("now", StringComparison.Ordinal);

    public static bool TryParsePoint(string text, out DateTimeOffset? absolute)
    {
        absolute = null;
        if (RelativePattern().IsMatch(text.Trim()))
        {
            return true;
        }
        if (TryAbsolute(text, out var at))
        {
            absolute = at;
            return true;
        }
        return false;
    }

    public static bool TryResolvePoint(string text, DateTimeOffset now, out DateTimeOffset at)
    {
        text = text.Trim();
        var match = RelativePattern().Match(text);
        if (!match.Success)
        {
            return TryAbsolute(text, out at);
        }
        at = now;
        if (match.Groups["amount"].Success)
        {
            var amount = long.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
            if (match.Groups["sign"].Value == "-")
            {
                amount = -amount;
            }
            at = match.Groups["unit"].Value switch
            {
                "M" => at.AddMonths((int)amount),
                "y" => at.AddYears((int)amount),
                var unit => at + Unit(unit) * amount,
            };
        }
        return true;
    }

    /// <summary>"Last 1 hour" for <c>now-1h</c> to <c>now</c>; otherwise the two ends as written.</summary>
    public string Describe()
    {
        var match = RelativePattern().Match(From.Trim());
        if (To.Trim() == "now" && match.Success && match.Groups["sign"].Value == "-")
        {
            return $"Last {match.Groups["amount"].Value}{match.Groups["unit"].Value}";
        }
        return $"{From} to {To}";
    }

    private static bool TryAbsolute(string text, out DateTimeOffset at)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at);
    }

    private static TimeSpan Unit(string unit) => unit switch
    {
        "s" => TimeSpan.FromSeconds(1),
        "m" => TimeSpan.FromMinutes(1),
        "h" => TimeSpan.FromHours(1),
        "d" => TimeSpan.FromDays(1),
        "w" => TimeSpan.FromDays(7),
        _ => throw new FormatException($"unit '{unit}'"),
    };

    [GeneratedRegex(@"^now(?:(?<sign>[+-])(?<amount>\d{1,9})(?<unit>[smhdwMy]))?$")]
    private static partial Regex RelativePattern();
}
