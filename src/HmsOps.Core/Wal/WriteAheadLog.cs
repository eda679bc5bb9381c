using System.Buffers.Binary;

namespace HmsOps.Core.Wal;

/// <summary>
/// An append-only log of ingest batches in segment files. A record is
/// <c>[length:int32][crc32:uint32][sequence:int64][payload]</c>; the CRC covers sequence and payload.
/// <see cref="Commit"/> flushes to the disk, and only then is a batch acknowledged. On open, a torn
/// record at the end of the last segment (a crash mid-write) is cut off: it was never acknowledged.
/// Not thread-safe: the ingest writer is its only user.
/// </summary>
public sealed class WriteAheadLog : IDisposable
{
    private const int HeaderBytes = 16;
    private const string Extension = ".wal";

    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly SortedList<long, string> _segments = new();
    private FileStream? _current;
    private long _currentLength; // kept here: FileStream.Length asks the file system on every append
    private byte[] _header = new byte[HeaderBytes];

    private WriteAheadLog(string directory, long segmentBytes)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
    }

    /// <summary>The sequence number of the newest record (0 when the log is empty).</summary>
    public long LastSequence { get; private set; }

    public long SizeBytes => _segments.Values.Sum(p => new FileInfo(p).Length);

    /// <summary>
    /// Opens the log, repairs a torn tail, and hands every intact record after <paramref name="replayAfter"/>
    /// to <paramref name="replay"/> in order. <paramref name="knownSequence"/> is the highest sequence the
    /// stores have recorded: numbering continues above it even when the segments holding it are gone.
    /// </summary>
    public static WriteAheadLog Open(
        string directory, long segmentBytes, long replayAfter, long knownSequence, Action<long, ReadOnlyMemory<byte>> replay)
    {
        Directory.CreateDirectory(directory);
        var log = new WriteAheadLog(directory, segmentBytes);
        foreach (var path in Directory.GetFiles(directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), out var first))
            {
                log._segments.Add(first, path);
            }
        }
        for (var i = 0; i < log._segments.Count; i++)
        {
            var isLast = i == log._segments.Count - 1;
            log.ReadSegment(log._segments.Values[i], isLast, replayAfter, replay);
        }
        var emptyTailFloor = log._segments.Count > 0 ? log._segments.Keys[^1] - 1 : 0;
        log.LastSequence = Math.Max(log.LastSequence, Math.Max(knownSequence, emptyTailFloor));
        return log;
    }

    public long Append(ReadOnlySpan<byte> payload)
    {
        if (_current is null || _currentLength >= _segmentBytes)
        {
            Rotate();
        }
        var sequence = LastSequence + 1;
        BinaryPrimitives.WriteInt32LittleEndian(_header, payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(_header.AsSpan(8), sequence);
        var crc = Crc32.Compute(_header.AsSpan(8, 8), payload);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(4), crc);
        _current!.Write(_header);
        _current.Write(payload);
        _currentLength += _header.Length + payload.Length;
        LastSequence = sequence;
        return sequence;
    }

    /// <summary>Makes every appended record durable (one fsync for the whole group).</summary>
    public void Commit() => _current?.Flush(flushToDisk: true);

    /// <summary>Deletes whole segments whose records are all at or below <paramref name="sequence"/>.</summary>
    public int TruncateThrough(long sequence)
    {
        var deleted = 0;
        while (_segments.Count > 1 && _segments.Keys[1] - 1 <= sequence)
        {
            File.Delete(_segments.Values[0]);
            _segments.RemoveAt(0);
            deleted++;
        }
        return deleted;
    }

    public void Dispose()
    {
        _current?.Flush(flushToDisk: true);
        _current?.Dispose();
        _current = null;
    }

    private void Rotate()
    {
        _current?.Flush(flushToDisk: true);
        _current?.Dispose();
        var first = LastSequence + 1;
        var path = Path.Combine(_directory, first.ToString("D20") + Extension);
        _current = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        _currentLength = _current.Length;
        _segments[first] = path;
    }

    private void ReadSegment(string path, bool isLast, long replayAfter, Action<long, ReadOnlyMemory<byte>> replay)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = 0;
        while (offset + HeaderBytes <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            // Compared without adding to offset: a garbage length near int.MaxValue would overflow the sum.
            if (length < 0 || length > bytes.Length - offset - HeaderBytes)
            {
                break;
            }
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4));
            var actual = Crc32.Compute(bytes.AsSpan(offset + 8, 8 + length));
            if (crc != actual)
            {
                break;
            }
            var sequence = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 8));
            if (sequence > replayAfter)
            {
                replay(sequence, bytes.AsMemory(offset + HeaderBytes, length));
            }
            LastSequence = Math.Max(LastSequence, sequence);
            offset += HeaderBytes + length;
        }

        if (offset < bytes.Length)
        {
            if (!isLast)
            {
                throw new InvalidDataException($"write-ahead log segment {path} is damaged at byte {offset}");
            }
            // A torn tail: the write never completed, so its batch was never acknowledged.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
            file.SetLength(offset);
            file.Flush(flushToDisk: true);
        }
    }
}
