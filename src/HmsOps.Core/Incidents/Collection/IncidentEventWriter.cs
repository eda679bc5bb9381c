using System.Threading.Channels;
using HmsOps.Core.Alerting;
using HmsOps.Core.Changes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Incidents.Collection;

/// <summary>
/// Writes alert and change events to incidents as they happen. The alert book and the change service raise their events
/// on their own threads (inside an evaluation, after a commit), so events are queued (bounded by
/// <c>Incidents:MaxQueuedEvents</c>) and written one at a time, in the order they were raised: the timeline reads
/// "approved → executed → alert resolved" because that is the order they came in. At start the alerts already in the
/// book are observed once, which is how an outage that began before a restart joins its incident instead of opening one.
/// </summary>
public sealed partial class IncidentEventWriter : BackgroundService
{
    private readonly AlertBook _alerts;
    private readonly ChangeService? _changes;
    private readonly IncidentService _incidents;
    private readonly ILogger _logger;
    private readonly Channel<Func<Task>> _queue;
    private long _dropped;

    public IncidentEventWriter(AlertBook alerts, IncidentService incidents, ILogger<IncidentEventWriter> logger, ChangeService? changes = null)
    {
        _alerts = alerts;
        _changes = changes;
        _incidents = incidents;
        _logger = logger;
        _queue = Channel.CreateBounded<Func<Task>>(new BoundedChannelOptions(incidents.Options.MaxQueuedEvents)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
    }

    /// <summary>Events dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _alerts.AlertsChanged += OnAlertsChanged;
        if (_changes is not null)
        {
            _changes.Transitioned += OnTransitioned;
        }
        OnAlertsChanged(_alerts.Snapshot());
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _alerts.AlertsChanged -= OnAlertsChanged;
        if (_changes is not null)
        {
            _changes.Transitioned -= OnTransitioned;
        }
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await work().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad event (a locked file) must not stop incidents from following the next ones.
                    LogWriteFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnAlertsChanged(IReadOnlyList<ConsoleAlert> changed)
    {
        foreach (var alert in changed)
        {
            Enqueue(() => _incidents.ObserveAlertAsync(alert));
        }
    }

    private void OnTransitioned(ChangeRecord change, IReadOnlyList<ChangeTransition> transitions)
    {
        foreach (var transition in transitions)
        {
            Enqueue(() => _incidents.LinkChangeAsync(change.Service, change.Id, transition.Actor, ChangeText(change, transition), transition.At));
        }
    }

    /// <summary>
    /// One line per change transition: the change machine's own sentence, prefixed with what the change is when the
    /// sentence does not say (an approval names the approver, not the versions), and the change id.
    /// </summary>
    public static string ChangeText(ChangeRecord change, ChangeTransition transition)
    {
        var detail = string.IsNullOrWhiteSpace(transition.Detail) ? transition.Kind.ToString() : transition.Detail.Trim();
        var what = $"{change.Service} {change.Kind.ToString().ToLowerInvariant()} {change.FromVersion} → {change.TargetVersion}";
        return detail.Contains(change.Service, StringComparison.Ordinal) && detail.Contains(change.TargetVersion, StringComparison.Ordinal)
            ? $"{detail} ({change.Id})"
            : $"{what}: {detail} ({change.Id})";
    }

    private void Enqueue(Func<Task> work)
    {
        if (!_queue.Writer.TryWrite(work))
        {
            Interlocked.Increment(ref _dropped);
            LogDropped(_logger);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Writing an alert or change event to its incident failed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Incident event dropped: Incidents:MaxQueuedEvents is reached")]
    private static partial void LogDropped(ILogger logger);
}
