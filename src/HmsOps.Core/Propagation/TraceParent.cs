namespace HmsOps.Core.Propagation;

/// <summary>A W3C trace context: 32-hex trace id, the caller's 16-hex span id, and the trace flags (bit 0: sampled).</summary>
public readonly record struct TraceContext(string TraceId, string SpanId, byte Flags)
{
    public bool Sampled => (Flags & 1) == 1;
}

/// <summary>
/// The W3C Trace Context <c>traceparent</c> header (https://www.w3.org/TR/trace-context/#traceparent-header):
/// <c>version-traceid-parentid-flags</c>, lower-case hex only. Version <c>ff</c> is invalid; a higher version
/// than 00 is read for its first four fields, as the specification asks, so newer callers still join the trace.
/// </summary>
public static class TraceParent
{
    public const string HeaderName = "traceparent";

    private const int Version00Length = 55;

    public static string Format(TraceContext context) =>
        $"00-{context.TraceId}-{context.SpanId}-{context.Flags:x2}";

    public static bool TryParse(string? header, out TraceContext context)
    {
        context = default;
        var value = header.AsSpan().Trim(" \t");
        if (value.Length < Version00Length || !IsLowerHex(value[..2]) || value[2] != '-')
        {
            return false;
        }
        var version = value[..2];
        if (version.SequenceEqual("ff"))
        {
            return false;
        }
        // Version 00 is exactly 55 characters; a future version may append fields after another '-'.
        if (version.SequenceEqual("00") ? value.Length != Version00Length : value.Length > Version00Length && value[Version00Length] != '-')
        {
            return false;
        }
        if (value[35] != '-' || value[52] != '-')
        {
            return false;
        }
        var traceId = value[3..35];
        var spanId = value[36..52];
        var flags = value[53..55];
        if (!IsLowerHex(traceId) || IsAllZero(traceId) || !IsLowerHex(spanId) || IsAllZero(spanId) || !IsLowerHex(flags))
        {
            return false;
        }
        context = new TraceContext(traceId.ToString(), spanId.ToString(), Convert.ToByte(flags.ToString(), 16));
        return true;
    }

    internal static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is < 'a' or > 'f')
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsAllZero(ReadOnlySpan<char> text) => !text.ContainsAnyExcept('0');
}
