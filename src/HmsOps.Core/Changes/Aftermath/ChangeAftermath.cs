using System.Collections.Concurrent;
using HmsOps.Core.Alerting;
using HmsOps.Core.Deployments;
using HmsOps.Core.Notifications.Delivery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Changes.Aftermath;

/// <summary>
/// What happens after a change took effect. (1) A note goes to the incident channel (<see cref="ChangesOptions.IncidentChannelReceiver"/>)
/// through the notification outbox. (2) When the change was made for a firing alert, that alert is watched in the
/// <see cref="AlertBook"/>; when it resolves the change is marked as having mitigated it (an audited transition).
/// The PagerDuty resolve is not sent from here: the alert's own resolve goes through the normal routing, which
/// already resolves the incident it opened; a second event from here would only duplicate it.
/// </summary>
public sealed partial class ChangeAftermath(
    ChangeService changes,
    IDeploymentProvider provider,
    SqliteNotificationOutbox outbox,
    IReceiverDirectory receivers,
    AlertBook alerts,
    ChangesOptions options,
    TimeProvider time,
    ILogger<ChangeAftermath> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>How far back start-up re-offers notes a crash may have kept from the outbox (the outbox drops repeats).</summary>
    private static readonly TimeSpan ReofferWindow = TimeSpan.FromHours(1);

    private const int RecentChanges = 200;

    private readonly ConcurrentDictionary<string, byte> _watched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private int _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return Task.CompletedTask;
        }
        changes.Transitioned += OnTransitioned;
        alerts.AlertsChanged += OnAlertsChanged;
        var now = time.GetUtcNow();
        foreach (var change in changes.List(limit: RecentChanges).Where(IsEffective))
        {
            if (change.FinishedAt >= now - ReofferWindow)
            {
                Track(() => PostNoteAsync(change));
            }
            Watch(change);
        }
        Track(CheckWatchedAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Transitioned -= OnTransitioned;
        alerts.AlertsChanged -= OnAlertsChanged;
        return WhenIdleAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    /// <summary>Completes when every note and mitigation check started so far has finished (tests; shutdown).</summary>
    public async Task WhenIdleAsync()
    {
        while (!_running.IsEmpty)
        {
            await Task.WhenAll(_running.Keys).ConfigureAwait(false);
        }
    }

    private void OnTransitioned(ChangeRecord change, IReadOnlyList<ChangeTransition> transitions)
    {
        if (!transitions.Any(IncidentChannelNote.IsEffective))
        {
            return;
        }
        Track(() => PostNoteAsync(change));
        if (Watch(change))
        {
            // The alert may have cleared the moment the change landed; the next alert update would tell too, but maybe late.
            Track(CheckWatchedAsync);
        }
    }

    private void OnAlertsChanged(IReadOnlyList<ConsoleAlert> changed)
    {
        // Raised inside the alert book's update: only a cheap look here, the work goes elsewhere.
        if (changed.Any(a => a.IsResolved && _watched.ContainsKey(a.Fingerprint)))
        {
            Track(CheckWatchedAsync);
        }
    }

    private bool Watch(ChangeRecord change)
    {
        if (change.AlertFingerprint is not { } fingerprint || change.MitigatedAt is not null || !WithinWindow(change))
        {
            return false;
        }
        _watched[fingerprint] = 0;
        return true;
    }

    private bool WithinWindow(ChangeRecord change) => change.FinishedAt is { } finished && time.GetUtcNow() - finished <= options.MitigationWindow;

    private static bool IsEffective(ChangeRecord change) => change.State is ChangeState.Succeeded or ChangeState.Promoted;

    private async Task CheckWatchedAsync()
    {
        foreach (var change in changes.List(limit: RecentChanges))
        {
            if (!IsEffective(change) || change.AlertFingerprint is not { } fingerprint || change.MitigatedAt is not null)
            {
                continue;
            }
            if (!WithinWindow(change))
            {
                _watched.TryRemove(fingerprint, out _);
                continue;
            }
            if (alerts.Find(fingerprint) is { IsResolved: true, ResolvedAt: { } resolvedAt } && resolvedAt >= change.FinishedAt)
            {
                var result = await changes.HandleAsync(change.Id, new MarkMitigated(fingerprint, resolvedAt)).ConfigureAwait(false);
                if (result.IsOk)
                {
                    LogMitigated(logger, change.Id, fingerprint);
                }
                _watched.TryRemove(fingerprint, out _);
            }
        }
    }

    private async Task PostNoteAsync(ChangeRecord change)
    {
        if (string.IsNullOrWhiteSpace(options.IncidentChannelReceiver) || receivers.Find(options.IncidentChannelReceiver) is not { } receiver)
        {
            return;
        }
        // After the change the service runs the target, so the provider's diff against the old version is reversed.
        var back = await provider.DiffAsync(change.Service, change.FromVersion, CancellationToken.None).ConfigureAwait(false);
        var diff = back.IsOk ? new DeploymentDiff(change.Service, back.Value.Target, back.Value.Current) : null;
        var planned = IncidentChannelNote.Plan(change, diff, receiver, receivers.ExternalUrl);
        if (!outbox.EnqueueMessage(IncidentChannelNote.NotificationId(change.Id), $"change/{change.Service}", IncidentChannelNote.Title(change), planned))
        {
            LogNoteRefused(logger, change.Id);
        }
    }

    private void Track(Func<Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A note or a mark that failed must not take the console down; the change itself is committed and audited.
                LogAftermathFailed(logger, ex);
            }
        });
        _running[task] = 0;
        _ = task.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "Change {ChangeId} mitigated alert {Fingerprint}: it resolved after the change")]
    private static partial void LogMitigated(ILogger logger, string changeId, string fingerprint);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Error, Message = "The incident-channel note for change {ChangeId} was refused: the notification outbox is full")]
    private static partial void LogNoteRefused(ILogger logger, string changeId);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Warning, Message = "A note or mitigation check after a change failed")]
    private static partial void LogAftermathFailed(ILogger logger, Exception exception);
}
