using System.IO.Compression;
using HmsOps.Core.Archive;
using HmsOps.Core.Logs;
using HmsOps.Core.Tests.Storage;
using static HmsOps.Core.Tests.Storage.TelemetryFixture;

namespace HmsOps.Core.Tests.Archive;

public sealed class ArchiveTests : IAsyncLifetime
{
    // Hot window 30 days: "now" is 2026-12-05 12:00, so 2026-11-04 and older are archived, 2026-11-05 is still partly hot.
    private static readonly long OldMs = DaysAgoMs(40);
    private static readonly long RecentMs = DaysAgoMs(1);
    private readonly TelemetryFixture _f = new();

    public Task InitializeAsync()
    {
        _f.Write(
            [Log("old payment failed", OldMs, traceId: TraceId(1), fields: """{"code":"E1023"}"""), Log("old ok", OldMs + 1_000), Log("recent", RecentMs)],
            [
                Span(TraceId(1), SpanId(1), null, "api-gw", "POST /pay", OldMs, 300),
                Span(TraceId(1), SpanId(2), SpanId(1), "ach-svc", "transfer", OldMs + 10, 200),
                Span(TraceId(2), SpanId(3), null, "api-gw", "GET /", RecentMs, 10),
            ]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private string DayDirectory => Path.Combine(_f.ArchivePath, ArchiveFiles.DayName(OldMs - OldMs % 86_400_000));

    private Task<LogPage> OldLogs(string? text = null) =>
        _f.Reader.QueryAsync(new LogQuery { From = Now.AddDays(-60), Text = text }, CancellationToken.None);

    [Fact]
    public async Task A_run_writes_files_and_a_manifest_then_deletes_exactly_those_rows_from_the_hot_store()
    {
        var result = await _f.Archiver.RunAsync(Now, CancellationToken.None);

        Assert.Equal((1, 2L, 2L, 2L, 2L), (result.Days, result.LogsArchived, result.SpansArchived, result.LogsDeleted, result.SpansDeleted));
        var manifest = ArchiveFiles.ReadManifest(DayDirectory)!;
        Assert.Equal(ArchiveFiles.DayName(OldMs), manifest.Day);
        Assert.All(manifest.Files, file => ArchiveFiles.Verify(DayDirectory, file));
        Assert.Equal(2, manifest.LogFiles.Sum(f => f.Rows));
        Assert.Equal("0", Assert.Single(manifest.SpanFiles).Partition);
        Assert.Equal(1, _f.Store.Sqlite.CountLogs());
        Assert.Equal(1, _f.Store.Sqlite.CountSpans());
        Assert.Equal(2, ReadLines(Path.Combine(DayDirectory, "logs.ndjson.gz")).Count);
    }

    [Fact]
    public async Task An_archived_trace_and_its_logs_can_still_be_read_and_say_they_came_from_the_archive()
    {
        await _f.Archiver.RunAsync(Now, CancellationToken.None);

        var trace = await _f.Reader.GetTraceAsync(TraceId(1), CancellationToken.None);
        Assert.NotNull(trace);
        Assert.True(trace.FromArchive);
        Assert.Equal(["POST /pay", "transfer"], trace.Spans.Select(s => s.Name));
        Assert.Equal(SpanId(1), trace.Spans[1].ParentSpanId);

        var page = await OldLogs();
        Assert.True(page.FromArchive);
        Assert.Equal(["recent", "old ok", "old payment failed"], page.Logs.Select(l => l.Log.Message));
        var found = await OldLogs("payment E1023");
        Assert.Equal("old payment failed", Assert.Single(found.Logs).Log.Message);
        Assert.Single((await _f.Reader.QueryAsync(new LogQuery { From = Now.AddDays(-60), TraceId = TraceId(1) }, CancellationToken.None)).Logs);
        Assert.Single((await _f.Reader.QueryAsync(new LogQuery { From = Now.AddDays(-60), Fields = [new("code", "E1023")] }, CancellationToken.None)).Logs);

        var recentOnly = await _f.Reader.QueryAsync(new LogQuery { From = Now.AddDays(-2) }, CancellationToken.None);
        Assert.False(recentOnly.FromArchive);
        Assert.Equal(["recent"], recentOnly.Logs.Select(l => l.Log.Message));
    }

    [Fact]
    public async Task Paging_continues_from_the_hot_store_into_the_archive_without_repeating_a_row()
    {
        await _f.Archiver.RunAsync(Now, CancellationToken.None);

        var ids = new List<long>();
        long? before = null;
        do
        {
            var page = await _f.Reader.QueryAsync(new LogQuery { From = Now.AddDays(-60), Limit = 1, BeforeId = before }, CancellationToken.None);
            ids.AddRange(page.Logs.Select(l => l.Id));
            before = page.NextBeforeId;
        }
        while (before is not null);

        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids.OrderDescending(), ids);
    }

    [Fact]
    public async Task A_crash_after_the_files_but_before_the_manifest_deletes_nothing_and_readers_ignore_the_files()
    {
        _f.Archiver.AtStep = step => throw new IOException($"power cut at {step}");

        await Assert.ThrowsAsync<IOException>(() => _f.Archiver.RunAsync(Now, CancellationToken.None));

        Assert.True(File.Exists(Path.Combine(DayDirectory, "logs.ndjson.gz")));
        Assert.Null(ArchiveFiles.ReadManifest(DayDirectory));
        Assert.Equal((3L, 3L), (_f.Store.Sqlite.CountLogs(), _f.Store.Sqlite.CountSpans()));
        Assert.False((await _f.Reader.GetTraceAsync(TraceId(1), CancellationToken.None))!.FromArchive);
        Assert.Equal(3, (await OldLogs()).Logs.Count);

        _f.Archiver.AtStep = null;
        var rerun = await _f.Archiver.RunAsync(Now, CancellationToken.None);
        Assert.Equal((2L, 2L), (rerun.LogsDeleted, rerun.SpansDeleted));
    }

    [Fact]
    public async Task A_half_written_file_from_an_interrupted_run_is_replaced_by_the_next_run()
    {
        Directory.CreateDirectory(DayDirectory);
        await File.WriteAllBytesAsync(Path.Combine(DayDirectory, "logs.ndjson.gz"), [0x1f, 0x8b, 0x08, 0x00]);

        await _f.Archiver.RunAsync(Now, CancellationToken.None);

        Assert.Equal(2, ReadLines(Path.Combine(DayDirectory, "logs.ndjson.gz")).Count);
        Assert.Equal(2, (await OldLogs("old")).Logs.Count);
    }

    [Fact]
    public async Task A_crash_after_the_manifest_but_before_the_delete_is_finished_by_the_next_run_without_duplicates()
    {
        _f.Archiver.AtStep = step =>
        {
            if (step == ArchiveStep.ManifestWritten)
            {
                throw new IOException("power cut after the manifest");
            }
        };
        await Assert.ThrowsAsync<IOException>(() => _f.Archiver.RunAsync(Now, CancellationToken.None));
        var written = await File.ReadAllTextAsync(Path.Combine(DayDirectory, ArchiveFiles.ManifestName));
        Assert.Equal((3L, 3L), (_f.Store.Sqlite.CountLogs(), _f.Store.Sqlite.CountSpans()));
        Assert.Equal(3, (await OldLogs()).Logs.Count); // in both places for now, shown once

        _f.Archiver.AtStep = null;
        var rerun = await _f.Archiver.RunAsync(Now, CancellationToken.None);

        Assert.Equal((0L, 0L, 2L, 2L), (rerun.LogsArchived, rerun.SpansArchived, rerun.LogsDeleted, rerun.SpansDeleted));
        Assert.Equal(written, await File.ReadAllTextAsync(Path.Combine(DayDirectory, ArchiveFiles.ManifestName)));
        Assert.Equal(2, ReadLines(Path.Combine(DayDirectory, "logs.ndjson.gz")).Count);
        Assert.Equal(2, (await _f.Reader.GetTraceAsync(TraceId(1), CancellationToken.None))!.Spans.Count);
        Assert.Equal(0, (await _f.Archiver.RunAsync(Now, CancellationToken.None)).Days);
    }

    [Fact]
    public async Task A_damaged_archive_file_keeps_the_hot_rows()
    {
        _f.Archiver.AtStep = step =>
        {
            if (step == ArchiveStep.ManifestWritten)
            {
                throw new IOException("stop before delete");
            }
        };
        await Assert.ThrowsAsync<IOException>(() => _f.Archiver.RunAsync(Now, CancellationToken.None));
        var logs = Path.Combine(DayDirectory, "logs.ndjson.gz");
        var bytes = await File.ReadAllBytesAsync(logs);
        bytes[^5] ^= 0xff;
        await File.WriteAllBytesAsync(logs, bytes);
        _f.Archiver.AtStep = null;

        await Assert.ThrowsAsync<InvalidDataException>(() => _f.Archiver.RunAsync(Now, CancellationToken.None));

        Assert.Equal((3L, 3L), (_f.Store.Sqlite.CountLogs(), _f.Store.Sqlite.CountSpans()));
    }

    [Fact]
    public async Task With_the_archive_on_retention_keeps_old_rows_for_it_and_with_it_off_deletes_them()
    {
        _f.Store.EnforceRetention(Now, _f.Retention, archiveEnabled: true);
        Assert.Equal((3L, 3L), (_f.Store.Sqlite.CountLogs(), _f.Store.Sqlite.CountSpans()));

        _f.Store.EnforceRetention(Now, _f.Retention, archiveEnabled: false);
        Assert.Equal((1L, 1L), (_f.Store.Sqlite.CountLogs(), _f.Store.Sqlite.CountSpans()));
        Assert.Null(await _f.Reader.GetTraceAsync(TraceId(1), CancellationToken.None));
        Assert.Equal([TraceId(2)], (await _f.Reader.SearchAsync(new(Now.AddDays(-60), Now), CancellationToken.None)).Select(t => t.TraceId));
    }

    [Fact]
    public async Task Archived_traces_leave_the_trace_search_of_the_hot_store()
    {
        await _f.Archiver.RunAsync(Now, CancellationToken.None);

        Assert.Equal([TraceId(2)], (await _f.Reader.SearchAsync(new(Now.AddDays(-60), Now), CancellationToken.None)).Select(t => t.TraceId));
    }

    private static List<string> ReadLines(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }
}
