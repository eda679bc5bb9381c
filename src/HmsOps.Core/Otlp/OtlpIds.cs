using Google.Protobuf;

namespace HmsOps.Core.Otlp;

/// <summary>OTLP carries ids as raw bytes (16 for a trace, 8 for a span); the console keeps them as lower-case hex.</summary>
public static class OtlpIds
{
    public const int TraceIdBytes = 16;
    public const int SpanIdBytes = 8;

    /// <summary>Hex of a present, well-formed, non-zero id; null with a reason otherwise.</summary>
    public static string? Hex(ByteString id, int expectedBytes, out string? problem)
    {
        problem = null;
        if (id.Length != expectedBytes)
        {
            problem = id.Length == 0 ? "is missing" : $"must be {expectedBytes} bytes ({expectedBytes * 2} hex digits), got {id.Length}";
            return null;
        }
        if (IsAllZero(id.Span))
        {
            problem = "must not be all zeros";
            return null;
        }
        return Convert.ToHexStringLower(id.Span);
    }

    /// <summary>An optional id (parent span, a log's trace): empty or all zeros means "none".</summary>
    public static string? OptionalHex(ByteString id, int expectedBytes, out string? problem)
    {
        problem = null;
        if (id.IsEmpty || (id.Length == expectedBytes && IsAllZero(id.Span)))
        {
            return null;
        }
        return Hex(id, expectedBytes, out problem);
    }

    private static bool IsAllZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);
}
