using System.Buffers;
using System.IO.Compression;
using HmsOps.Console.Ingest;
using Microsoft.Net.Http.Headers;
using HmsOps.Core.Otlp;

namespace HmsOps.Console.Otlp;

/// <summary>Content negotiation and body reading for OTLP/HTTP: the encoding, and the body gunzipped within the size limit.</summary>
internal static class OtlpBody
{
    public const string ProtobufType = "application/x-protobuf";
    public const string JsonType = "application/json";

    public static OtlpEncoding? EncodingOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }
        return media.MediaType.Value?.ToLowerInvariant() switch
        {
            ProtobufType or "application/protobuf" => OtlpEncoding.Protobuf,
            JsonType => OtlpEncoding.Json,
            _ => null,
        };
    }

    public static string ContentType(OtlpEncoding encoding) => encoding == OtlpEncoding.Json ? JsonType : ProtobufType;

    /// <summary>True for no Content-Encoding, identity or gzip (the encodings OTLP exporters send).</summary>
    public static bool IsSupportedCompression(string? contentEncoding, out bool gzip)
    {
        var value = contentEncoding?.Trim().ToLowerInvariant() ?? "";
        gzip = value == "gzip";
        return value is "" or "identity" or "gzip";
    }

    public enum ReadStatus { Read, TooLarge, BadGzip }

    /// <summary>
    /// The body, decompressed when gzip. The decompressed size is bounded by the same limit as the wire size, so a
    /// small "gzip bomb" is refused as too large after at most that many bytes were inflated.
    /// </summary>
    public static async Task<(ReadStatus Status, IngestEndpoints.PooledBody? Body)> ReadAsync(HttpContext context, long maxBytes, bool gzip)
    {
        var raw = await IngestEndpoints.ReadBodyAsync(context, maxBytes);
        if (raw is null)
        {
            return (ReadStatus.TooLarge, null);
        }
        if (!gzip)
        {
            return (ReadStatus.Read, raw);
        }
        using (raw)
        {
            return Gunzip(raw.Memory, maxBytes);
        }
    }

    private static (ReadStatus, IngestEndpoints.PooledBody?) Gunzip(ReadOnlyMemory<byte> compressed, long maxBytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1, Math.Max(4096L, compressed.Length * 4L)));
        var length = 0;
        try
        {
            using var input = new GZipStream(new ReadOnlyMemoryStream(compressed), CompressionMode.Decompress);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (ReadStatus.TooLarge, null);
                    }
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = input.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (ReadStatus.TooLarge, null);
                }
            }
            return (ReadStatus.Read, new IngestEndpoints.PooledBody(buffer, length));
        }
        catch (InvalidDataException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return (ReadStatus.BadGzip, null);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>A read-only stream over memory the request already holds (no copy).</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => memory.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
