using HmsOps.Core.Notifications.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Notifications.Dispatch;

/// <summary>Runs the dispatcher's tick on the injected clock until the host stops, picking up a changed routing file first.</summary>
public sealed class NotificationDispatchService(
    Func<NotificationDispatcher?> dispatcher, RoutingConfigurationSource routing, DispatchOptions options, TimeProvider time, ILogger<NotificationDispatchService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (dispatcher() is not { } running)
        {
            logger.LogWarning("Notifications are not dispatched: no notification outbox is registered");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                routing.ReloadIfChanged();
                await running.TickAsync(stoppingToken);
                await Task.Delay(options.Tick, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // One bad tick must not stop paging for good; the next tick retries whatever was due.
                logger.LogError(e, "Notification dispatch tick failed");
                await Task.Delay(options.Tick, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
