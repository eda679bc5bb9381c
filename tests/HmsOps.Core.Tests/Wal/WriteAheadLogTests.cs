using System.Buffers.Binary;
using System.Text;
using HmsOps.Core.Tests.TestSupport;
using HmsOps.Core.Wal;

namespace HmsOps.Core.Tests.Wal;

public sealed class WriteAheadLogTests : IDisposable
{
    private const long LargeSegments = 64L * 1024 * 1024;

    // Records here are 16 header bytes + 8 payload bytes; 40-byte segments hold two records each.
    private const long TwoRecordSegments = 40;

    private readonly TempDirectory _dir = new();

    private string WalPath => _dir.Combine("wal");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Committed_records_are_replayed_in_order_after_reopening()
    {
        Write(LargeSegments, "record-1", "record-2", "record-3");

        var (replayed, log) = Open(LargeSegments);
        using (log)
        {
            Assert.Equal([(1L, "record-1"), (2L, "record-2"), (3L, "record-3")], replayed);
            Assert.Equal(3, log.LastSequence);
        }
    }

    [Fact]
    public void Only_records_after_the_given_sequence_are_replayed()
    {
        Write(LargeSegments, "record-1", "record-2", "record-3");

        var (replayed, log) = Open(LargeSegments, replayAfter: 2);
        using (log)
        {
            Assert.Equal([(3L, "record-3")], replayed);
            Assert.Equal(3, log.LastSequence);
        }
    }

    [Fact]
    public void Numbering_goes_on_across_reopens_and_segments()
    {
        Write(TwoRecordSegments, "record-1", "record-2", "record-3");
        Write(TwoRecordSegments, "record-4");

        var (replayed, log) = Open(TwoRecordSegments);
        log.Dispose();

        Assert.Equal([1L, 2L, 3L, 4L], replayed.Select(r => r.Sequence));
        Assert.Equal(["record-4"], replayed.Where(r => r.Sequence == 4).Select(r => r.Payload));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(15)]
    [InlineData(20)]
    public void A_torn_last_record_is_cut_off_and_the_earlier_records_survive(int bytesLost)
    {
        Write(LargeSegments, "record-1", "record-2", "record-3");
        var segment = Assert.Single(Segments());
        var intactLength = new FileInfo(segment).Length - 24;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(file.Length - bytesLost);
        }

        var (replayed, log) = Open(LargeSegments);
        using (log)
        {
            Assert.Equal([(1L, "record-1"), (2L, "record-2")], replayed);
            Assert.Equal(intactLength, new FileInfo(segment).Length);
            Assert.Equal(2, log.LastSequence);
            Assert.Equal(3, log.Append(Bytes("record-3b")));
            log.Commit();
        }

        var (again, reopened) = Open(LargeSegments);
        reopened.Dispose();
        Assert.Equal([(1L, "record-1"), (2L, "record-2"), (3L, "record-3b")], again);
    }

    [Fact]
    public void A_last_record_whose_checksum_does_not_match_is_cut_off()
    {
        Write(LargeSegments, "record-1", "record-2", "record-3");
        var segment = Assert.Single(Segments());
        var bytes = File.ReadAllBytes(segment);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        var (replayed, log) = Open(LargeSegments);
        using (log)
        {
            Assert.Equal([(1L, "record-1"), (2L, "record-2")], replayed);
            Assert.Equal(48, new FileInfo(segment).Length);
        }
    }

    [Fact]
    public void A_garbage_header_with_an_enormous_length_at_the_tail_is_cut_off_like_a_torn_record()
    {
        Write(LargeSegments, "record-1", "record-2");
        var segment = Assert.Single(Segments());
        var garbage = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(garbage, int.MaxValue - 8);
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write(garbage);
        }

        var (replayed, log) = Open(LargeSegments);
        using (log)
        {
            Assert.Equal([(1L, "record-1"), (2L, "record-2")], replayed);
            Assert.Equal(48, new FileInfo(segment).Length);
        }
    }

    [Fact]
    public void Damage_inside_an_older_segment_is_refused_rather_than_silently_skipped()
    {
        Write(TwoRecordSegments, "record-1", "record-2", "record-3");
        var first = Segments()[0];
        var bytes = File.ReadAllBytes(first);
        bytes[20] ^= 0xFF;
        File.WriteAllBytes(first, bytes);

        var error = Assert.Throws<InvalidDataException>(() => Open(TwoRecordSegments));
        Assert.Contains(Path.GetFileName(first), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_deletes_only_segments_whose_records_are_all_covered()
    {
        Write(TwoRecordSegments, "record-1", "record-2", "record-3", "record-4", "record-5");
        Assert.Equal(3, Segments().Length);

        var (_, log) = Open(TwoRecordSegments);
        using (log)
        {
            // Segments hold 1-2, 3-4 and 5: the first is covered exactly at 2, the second not until 4.
            Assert.Equal(0, log.TruncateThrough(1));
            Assert.Equal(1, log.TruncateThrough(2));
            Assert.Equal(0, log.TruncateThrough(3));
        }

        Assert.Equal(2, Segments().Length);
        var (replayed, reopened) = Open(TwoRecordSegments);
        reopened.Dispose();
        Assert.Equal([3L, 4L, 5L], replayed.Select(r => r.Sequence));
    }

    [Fact]
    public void Truncate_never_deletes_the_segment_being_written()
    {
        Write(TwoRecordSegments, "record-1", "record-2", "record-3", "record-4", "record-5");

        var (_, log) = Open(TwoRecordSegments);
        using (log)
        {
            Assert.Equal(2, log.TruncateThrough(long.MaxValue));
            Assert.Equal(6, log.Append(Bytes("record-6")));
            log.Commit();
        }

        var (replayed, reopened) = Open(TwoRecordSegments);
        reopened.Dispose();
        Assert.Equal([5L, 6L], replayed.Select(r => r.Sequence));
    }

    [Fact]
    public void Numbering_continues_above_the_sequence_the_stores_already_hold()
    {
        var (_, log) = Open(LargeSegments, knownSequence: 41);
        using (log)
        {
            Assert.Equal(41, log.LastSequence);
            Assert.Equal(42, log.Append(Bytes("record-42")));
            log.Commit();
        }

        var (replayed, reopened) = Open(LargeSegments, replayAfter: 0, knownSequence: 0);
        using (reopened)
        {
            Assert.Equal([(42L, "record-42")], replayed);
            Assert.Equal(43, reopened.Append(Bytes("record-43")));
        }
    }

    [Fact]
    public void An_empty_last_segment_still_fixes_where_numbering_resumes()
    {
        Write(LargeSegments, "record-1");
        File.WriteAllBytes(Path.Combine(WalPath, 10L.ToString("D20") + ".wal"), []);

        var (_, log) = Open(LargeSegments);
        using (log)
        {
            Assert.Equal(9, log.LastSequence);
            Assert.Equal(10, log.Append(Bytes("record-10")));
        }
    }

    [Fact]
    public void Reopening_an_empty_folder_starts_at_sequence_one()
    {
        var (replayed, log) = Open(LargeSegments);
        using (log)
        {
            Assert.Empty(replayed);
            Assert.Equal(0, log.LastSequence);
            Assert.Equal(1, log.Append(Bytes("first")));
        }
    }

    private void Write(long segmentBytes, params string[] payloads)
    {
        using var log = WriteAheadLog.Open(WalPath, segmentBytes, long.MaxValue, 0, (_, _) => { });
        foreach (var payload in payloads)
        {
            log.Append(Bytes(payload));
        }
        log.Commit();
    }

    private (List<(long Sequence, string Payload)> Replayed, WriteAheadLog Log) Open(
        long segmentBytes, long replayAfter = 0, long knownSequence = 0)
    {
        var replayed = new List<(long, string)>();
        var log = WriteAheadLog.Open(WalPath, segmentBytes, replayAfter, knownSequence,
            (sequence, payload) => replayed.Add((sequence, Encoding.UTF8.GetString(payload.Span))));
        return (replayed, log);
    }

    private string[] Segments() => Directory.GetFiles(WalPath, "*.wal").Order(StringComparer.Ordinal).ToArray();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
