using System.Buffers.Text;
using System.Globalization;

namespace HmsOps.Bench.Ingest;

/// <summary>
/// A pre-serialized JSON array of events with a few fixed-width holes that are rewritten in place
/// before each send, so every request carries fresh timestamps and trace ids no earlier request used
/// (spans are keyed by trace and span id: a replayed id would measure an upsert, not an insert),
/// while the client spends microseconds, not milliseconds, per request.
/// </summary>
public sealed class BatchBody(
    byte[] bytes, int events, int metrics, int logs, int spans,
    IReadOnlyList<int> stampOffsets, IReadOnlyList<TimeHole> unixMsHoles, IReadOnlyList<TimeHole> rfc3339Holes)
{
    public const int StampLength = 8;
    public const int UnixMsLength = 13;
    public const string Rfc3339Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    public const int Rfc3339Length = 24; // 2025-11-25T12:00:00.000Z

    public byte[] Bytes => bytes;
    public int Events => events;
    public int Metrics => metrics;
    public int Logs => logs;
    public int Spans => spans;

    /// <summary>Writes <paramref name="stamp"/> into every trace id and <paramref name="nowMs"/> (less each hole's age) into every timestamp.</summary>
    public void Refresh(uint stamp, long nowMs)
    {
        Span<byte> hex = stackalloc byte[StampLength];
        for (var i = 0; i < StampLength; i++)
        {
            hex[i] = (byte)"0123456789abcdef"[(int)(stamp >> (28 - 4 * i)) & 0xF];
        }
        foreach (var offset in stampOffsets)
        {
            hex.CopyTo(bytes.AsSpan(offset, StampLength));
        }
        foreach (var hole in unixMsHoles)
        {
            if (!Utf8Formatter.TryFormat(nowMs - hole.AgeMs, bytes.AsSpan(hole.Offset, UnixMsLength), out var written) || written != UnixMsLength)
            {
                throw new InvalidOperationException("a Unix-millisecond timestamp is not 13 digits");
            }
        }
        foreach (var hole in rfc3339Holes)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(nowMs - hole.AgeMs).UtcDateTime;
            if (!at.TryFormat(bytes.AsSpan(hole.Offset, Rfc3339Length), out var written, Rfc3339Format, CultureInfo.InvariantCulture)
                || written != Rfc3339Length)
            {
                throw new InvalidOperationException("an RFC 3339 timestamp has an unexpected length");
            }
        }
    }
}

/// <summary>A timestamp hole: where it is, and how much older than the send time the event claims to be.</summary>
public readonly record struct TimeHole(int Offset, int AgeMs);
