using HmsOps.Core.Archive;
using HmsOps.Core.Tests.Storage;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using static HmsOps.Core.Tests.Storage.TelemetryFixture;

namespace HmsOps.Core.Tests.Archive;

public sealed class ArchiveJobTests
{
    [Theory]
    [InlineData("2026-12-05T01:00:00Z", "2026-12-05T02:00:00Z")]
    [InlineData("2026-12-05T02:00:00Z", "2026-12-06T02:00:00Z")]
    [InlineData("2026-12-05T23:30:00Z", "2026-12-06T02:00:00Z")]
    public void The_next_run_is_the_next_RunAt_in_UTC(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            ArchiveJob.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(2)));

    [Fact]
    public async Task The_job_archives_when_the_clock_reaches_RunAt_and_not_before()
    {
        await using var f = new TelemetryFixture();
        f.Write(Log("old", DaysAgoMs(40)), Log("recent", DaysAgoMs(1)));
        using var job = new ArchiveJob(f.Archiver, new ArchiveOptions { RunAt = TimeSpan.FromHours(13) }, f.Time, NullLogger<ArchiveJob>.Instance);

        var scheduled = new List<DateTimeOffset>();
        job.Scheduled = next => { lock (scheduled) { scheduled.Add(next); } };

        await job.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => { lock (scheduled) { return scheduled.Count == 1; } }, "the job set its timer");
        Assert.Equal(Now.Date.AddHours(13), scheduled[0].UtcDateTime);
        Assert.Equal(2, f.Store.Sqlite.CountLogs());

        f.Time.Advance(TimeSpan.FromHours(1)); // 13:00 UTC
        await Poll.UntilAsync(() => f.Store.Sqlite.CountLogs() == 1, "the nightly run moved the old log to the archive");
        await Poll.UntilAsync(() => { lock (scheduled) { return scheduled.Count == 2; } }, "the job set its timer for the next night");
        Assert.Equal(Now.Date.AddDays(1).AddHours(13), scheduled[1].UtcDateTime);
        await job.StopAsync(CancellationToken.None);

        Assert.NotEmpty(Directory.GetFiles(f.ArchivePath, ArchiveFiles.ManifestName, SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_failed_run_keeps_the_rows_and_the_job_tries_again_the_next_night()
    {
        await using var f = new TelemetryFixture();
        f.Write(Log("old", DaysAgoMs(40)), Log("recent", DaysAgoMs(1)));
        f.Archiver.AtStep = _ => throw new InvalidOperationException("disk unplugged");
        using var job = new ArchiveJob(f.Archiver, new ArchiveOptions { RunAt = TimeSpan.FromHours(13) }, f.Time, NullLogger<ArchiveJob>.Instance);
        var scheduled = 0;
        job.Scheduled = _ => Interlocked.Increment(ref scheduled);

        await job.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => Volatile.Read(ref scheduled) == 1, "the job set its timer");
        f.Time.Advance(TimeSpan.FromHours(1));
        await Poll.UntilAsync(() => Volatile.Read(ref scheduled) == 2, "the job survived the failure and set its timer for the next night");
        Assert.Equal(2, f.Store.Sqlite.CountLogs());

        f.Archiver.AtStep = null;
        f.Time.Advance(TimeSpan.FromDays(1));
        await Poll.UntilAsync(() => f.Store.Sqlite.CountLogs() == 1, "the next night's run archived the old log");
        await job.StopAsync(CancellationToken.None);
    }
}
