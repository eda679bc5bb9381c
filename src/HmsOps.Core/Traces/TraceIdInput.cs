namespace HmsOps.Core.Traces;

/// <summary>
/// What an operator pastes as a trace id: the stored form (32 hex digits) or the seed's UUID form
/// (8-4-4-4-12 with dashes), in either case. Both normalise to 32 lower-case hex digits.
/// </summary>
public static class TraceIdInput
{
    public const string Expected = "32 hex digits or a UUID (8-4-4-4-12)";

    public static bool TryNormalize(string? text, out string traceId)
    {
        traceId = "";
        var trimmed = text?.Trim() ?? "";
        var compact = trimmed.Length switch
        {
            32 => trimmed,
            36 when trimmed[8] == '-' && trimmed[13] == '-' && trimmed[18] == '-' && trimmed[23] == '-' => trimmed.Replace("-", "", StringComparison.Ordinal),
            _ => null,
        };
        if (compact is not { Length: 32 } || !compact.All(char.IsAsciiHexDigit))
        {
            return false;
        }
        // W3C trace context reserves the all-zero id as invalid; no span carries it.
        if (compact.All(c => c == '0'))
        {
            return false;
        }
        traceId = compact.ToLowerInvariant();
        return true;
    }
}
