using System.Globalization;

namespace HmsOps.Core.Alerting.External;

/// <summary>
/// Times as Go's encoding/json writes them (RFC 3339 with up to nine fractional digits), which .NET's parser refuses
/// past seven digits. Go's zero time (<c>0001-01-01T00:00:00Z</c>) means "not set" (a firing alert's <c>endsAt</c>).
/// </summary>
public static class GoTime
{
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }
            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }
        // RFC 3339 requires the date, the time and an offset; "2026-11-25" alone must not pass.
        if (text.Length < 20 || text[10] is not ('T' or 't'))
        {
            return false;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    public static bool IsZero(DateTimeOffset value) => value.UtcDateTime.Year <= 1;
}
