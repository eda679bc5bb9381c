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
    private PeriodicTimer? _timer;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the API serves anything: no request may see an "executing" change that no one is executing.
        var interrupted = await changes.RecoverAsync().ConfigureAwait(false);
        if (interrupted > 0)
        {
            LogInterrupted(logger, interrupted);
        }
        // Made here, not in ExecuteAsync (which runs on its own task): the clock starts when start-up returns.
        _timer = new PeriodicTimer(options.Value.Tick, time);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("the change worker was not started");
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
