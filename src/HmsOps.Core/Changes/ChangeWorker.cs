using HmsOps.Core.Changes.Canary;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HmsOps.Core.Changes;

/// <summary>
/// The console's hand on the clock for changes: at start it recovers interrupted executions (marked failed, not
/// re-run), then every <see cref="ChangesOptions.Tick"/> it expires stale requests and analyses canary steps that are due.
/// </summary>
public sealed partial class ChangeWorker(ChangeService changes, ICanaryAnalyzer analyzer, IOptions<ChangesOptions> options, TimeProvider time,
    ILogger<ChangeWorker> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the API serves anything: no request may see an "executing" change that no one is executing.
        var interrupted = await changes.RecoverAsync().ConfigureAwait(false);
        if (interrupted > 0)
        {
            LogInterrupted(logger, interrupted);
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    changes.FlushAuditBacklog();
                    await changes.ExpireDueAsync().ConfigureAwait(false);
                    await changes.AnalyseDueCanariesAsync(analyzer, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad tick (a locked file, a broken query) must not stop expiry and analysis for good.
                    LogTickFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning,
        Message = "{Count} change(s) were executing when the console stopped; marked failed (interrupted), not re-run")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Error, Message = "Change expiry or canary analysis failed this tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
