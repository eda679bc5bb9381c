namespace HmsOps.Core.PromQL;

/// <summary>
/// Prometheus's duration syntax (PromQL ranges, rule files, API parameters): units y, w, d, h, m, s, ms each at most once, largest first
/// (e.g. <c>1h30m</c>), or a bare <c>0</c>.
/// </summary>
public static class PromDuration
{
    private static readonly (string Unit, long Ms)[] Units =
    [
        ("y", 365L * 24 * 3600_000), ("w", 7L * 24 * 3600_000), ("d", 24L * 3600_000), ("h", 3600_000),
        ("m", 60_000), ("s", 1000), ("ms", 1),
    ];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }
        if (text.Length == 0)
        {
            return false;
        }
        long total = 0;
        var position = 0;
        var nextUnit = 0;
        while (position < text.Length)
        {
            var digitsStart = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }
            if (position == digitsStart || position - digitsStart > 15)
            {
                return false;
            }
            var value = long.Parse(text.AsSpan(digitsStart, position - digitsStart), System.Globalization.CultureInfo.InvariantCulture);
            var unitIndex = MatchUnit(text, position, nextUnit);
            if (unitIndex < 0)
            {
                return false;
            }
            position += Units[unitIndex].Unit.Length;
            nextUnit = unitIndex + 1;
            try
            {
                total = checked(total + checked(value * Units[unitIndex].Ms));
            }
            catch (OverflowException)
            {
                return false;
            }
        }
        if (total > (long)TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }
        duration = TimeSpan.FromMilliseconds(total);
        return true;
    }

    // "ms" must win over "m" when both would match, so try units in order and check the longer spelling first.
    private static int MatchUnit(string text, int position, int firstAllowed)
    {
        for (var i = firstAllowed; i < Units.Length; i++)
        {
            if (Units[i].Unit == "m" && string.CompareOrdinal(text, position, "ms", 0, 2) == 0)
            {
                continue;
            }
            if (string.CompareOrdinal(text, position, Units[i].Unit, 0, Units[i].Unit.Length) == 0)
            {
                return i;
            }
        }
        return -1;
    }
}
