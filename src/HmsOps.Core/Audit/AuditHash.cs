using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HmsOps.Core.Audit;

/// <summary>
/// The chain's arithmetic. Canonical encoding of an entry: the fields seq, time (Unix milliseconds), actor, action,
/// target and detail, in that order, each as its UTF-8 bytes preceded by their length as a 4-byte big-endian
/// integer (numbers in invariant decimal). Length prefixes keep ("ab","c") and ("a","bc") apart.
/// hash = lowercase hex of SHA-256(prev_hash as its 64 ASCII hex characters ‖ canonical encoding).
/// The first entry's prev_hash is 64 zeros.
/// </summary>
public static class AuditHash
{
    public static readonly string Genesis = new('0', 64);

    public static string Compute(string prevHash, long seq, long atMs, string actor, string action, string target, string detail)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Encoding.ASCII.GetBytes(prevHash));
        Field(buffer, seq.ToString(CultureInfo.InvariantCulture));
        Field(buffer, atMs.ToString(CultureInfo.InvariantCulture));
        Field(buffer, actor);
        Field(buffer, action);
        Field(buffer, target);
        Field(buffer, detail);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    public static string Compute(AuditEntry e) => Compute(e.PrevHash, e.Seq, e.At.ToUnixTimeMilliseconds(), e.Actor, e.Action, e.Target, e.Detail);

    private static void Field(MemoryStream buffer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
