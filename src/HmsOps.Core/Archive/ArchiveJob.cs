using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Archive;

/// <summary>
/// Runs the archiver every day at <see cref="ArchiveOptions.RunAt"/> (UTC). A failed run is logged and the rows stay in
/// the hot store; the next night tries again (the hot window grows by a day meanwhile, bounded by the row caps).
/// </summary>
public sealed class ArchiveJob(TelemetryArchiver archiver, ArchiveOptions options, TimeProvider time, ILogger<ArchiveJob> logger) : BackgroundService
{
    /// <summary>The next run at or after <paramref name="now"/>: today at RunAt if that is still ahead, else tomorrow.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeSpan runAt)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + runAt;
        return today > now ? today : today.AddDays(1);
    }

    /// <summary>Test hook: told the time of the next run once its timer is set (so a fake clock can be advanced past it).</summary>
    internal Action<DateTimeOffset>? Scheduled { get; set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = NextRun(now, options.RunAt);
            var wait = Task.Delay(next - now, time, stoppingToken);
            Scheduled?.Invoke(next);
            await wait.ConfigureAwait(false);
            try
            {
                await archiver.RunAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
            }
            // Any failure, not only I/O: an exception escaping a BackgroundService stops the whole console, and a failed
            // run has deleted nothing it had not archived completely.
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Archive run failed; nothing it had not finished writing was deleted, it runs again at {RunAt} UTC", options.RunAt);
            }
        }
    }
}
