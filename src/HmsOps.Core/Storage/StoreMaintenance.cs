using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using HmsOps.Core.Archive;
using HmsOps.Core.Metrics;

namespace HmsOps.Core.Storage;

/// <summary>Runs checkpoints and retention on their intervals.</summary>
public sealed class StoreMaintenance(EmbeddedStore store, MetricsOptions metrics, RetentionOptions retention, ArchiveOptions archive,
    TimeProvider time, ILogger<StoreMaintenance> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetentionInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastCheckpoint = time.GetUtcNow();
        var lastRetention = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow();
            try
            {
                if (now - lastRetention >= RetentionInterval)
                {
                    store.EnforceRetention(now, retention, archive.Enabled);
                    lastRetention = now;
                }
                if (now - lastCheckpoint >= metrics.SnapshotInterval)
                {
                    await Task.Run(store.Checkpoint, stoppingToken).ConfigureAwait(false);
                    lastCheckpoint = now;
                }
            }
            catch (Exception ex) when (ex is IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                logger.LogError(ex, "Store maintenance failed; it will be tried again");
            }
        }
    }
}
