namespace HmsOps.Core.Telemetry;

/// <summary>
/// W3C trace-context ids. Trace ids arrive as 32 hex digits or in the seed's UUID form
/// (8-4-4-4-12); both are stored as 32 lower-case hex digits so one trace is one key.
/// </summary>
public static class TelemetryIds
{
    public static bool TryNormalizeTraceId(string raw, out string id)
    {
        var compact = raw.Length == 36 && raw[8] == '-' && raw[13] == '-' && raw[18] == '-' && raw[23] == '-'
            ? raw.Replace("-", "", StringComparison.Ordinal)
            : raw;
        return TryHex(compact, 32, out id);
    }

    public static bool TryNormalizeSpanId(string raw, out string id) => TryHex(raw, 16, out id);

    private static bool TryHex(string raw, int length, out string id)
    {
        id = "";
        if (raw.Length != length)
        {
            return false;
        }
        var allZero = true;
        foreach (var c in raw)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
            allZero &= c == '0';
        }
        if (allZero)
        {
            return false;
        }
        id = raw.ToLowerInvariant();
        return true;
    }
}
