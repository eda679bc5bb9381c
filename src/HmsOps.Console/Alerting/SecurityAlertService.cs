using HmsOps.Core.Alerting.Security;
using HmsOps.Core.Ingest;
using HmsOps.Core.Telemetry;

namespace HmsOps.Console.Alerting;

/// <summary>Feeds durable ingest batches to <see cref="SecurityAlerts"/> and resolves its alerts when their time is up.</summary>
public sealed partial class SecurityAlertService(
    IngestPipeline pipeline, SecurityAlerts alerts, TimeProvider time, ILogger<SecurityAlertService> logger) : BackgroundService
{
    // Resolution is due at most this late; the alert's ResolvedAt is its exact due time regardless.
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private long _lastResolvedEarly;
    private DateTimeOffset _lastWarning = DateTimeOffset.MinValue;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        pipeline.LogsDurable += OnLogs;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        pipeline.LogsDurable -= OnLogs;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // No book.Prune() here: the book drops expired alerts on every write, and its rule evaluator prunes
                // on its tick; a prune every few seconds would wake every subscriber for nothing.
                alerts.ResolveDue();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void OnLogs(IReadOnlyList<LogEvent> logs)
    {
        alerts.OnLogs(logs);
        // Under a flood this would fire per event: one warning a minute is enough to be noticed.
        var early = alerts.ResolvedEarly;
        var now = time.GetUtcNow();
        if (early != _lastResolvedEarly && now - _lastWarning >= TimeSpan.FromMinutes(1))
        {
            _lastResolvedEarly = early;
            _lastWarning = now;
            LogResolvedEarly(early);
        }
    }

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Alerting:Security:MaxOpenAlerts reached: the oldest open SecurityEvent alerts are resolved early to make room ({Total} so far)")]
    private partial void LogResolvedEarly(long total);
}
