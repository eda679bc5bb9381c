namespace HmsOps.Core.Wal;

/// <summary>
/// CRC-32 (IEEE 802.3 polynomial), to detect a torn or corrupted log record. Through System.IO.Hashing, which uses the
/// CPU's carry-less multiply: the table-driven loop this replaced (one byte per step, same checksums, so old logs still
/// verify) was a few per cent of the console's CPU at ingest rates, all of it on the serial write-ahead-log writer.
/// </summary>
internal static class Crc32
{
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);

    /// <summary>The checksum of <paramref name="first"/> followed by <paramref name="second"/>, without copying them together.</summary>
    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(first);
        crc.Append(second);
        return crc.GetCurrentHashAsUInt32();
    }
}
