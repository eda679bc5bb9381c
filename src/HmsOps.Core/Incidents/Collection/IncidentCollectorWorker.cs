using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Incidents.Collection;

/// <summary>
/// Runs the collectors over every unresolved incident (and, once more, over incidents resolved in the last
/// <see cref="Afterglow"/>, so a resolve notification sent after the resolution still lands) every
/// <c>Incidents:CollectInterval</c>, or sooner when <see cref="Wake"/> is called (the outbox and silences call it on
/// change). Also resolves mitigated incidents when <c>AutoResolveAfter</c> is set, and prunes past the retention.
/// </summary>
public sealed partial class IncidentCollectorWorker(IncidentService incidents, IEnumerable<ITimelineCollector> collectors, TimeProvider time,
    ILogger<IncidentCollectorWorker> logger) : BackgroundService
{
    public static TimeSpan Afterglow { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Pruning runs at most this often (it deletes, so it need not run every tick).</summary>
    public static TimeSpan PruneEvery { get; } = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>Asks for a look now instead of at the next interval (at most one is queued).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller queued the look in between: one is enough.
            }
        }
    }

    /// <summary>One pass over every incident being watched; public so tests drive it without waiting for the timer.</summary>
    public async Task CollectOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var watched = incidents.Unresolved().Concat(await incidents.ListAsync(new IncidentQuery { State = IncidentState.Resolved, From = now - Afterglow }).ConfigureAwait(false));
        foreach (var incident in watched)
        {
            var timeline = await incidents.TimelineAsync(incident.Id).ConfigureAwait(false);
            var context = new CollectionContext(incident, timeline, now);
            var collected = new List<RecordEntry>();
            foreach (var collector in collectors)
            {
                try
                {
                    collected.AddRange(await collector.CollectAsync(context, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A collector whose source is down (archive unreadable, database locked) must not starve the others.
                    LogCollectorFailed(logger, ex, collector.GetType().Name, incident.Id);
                }
            }
            // One record per incident and tick: RecordAsync re-reads the incident and its whole timeline to skip repeats,
            // and a save raises Changed (a re-render for every viewer), so once for all collectors rather than once each.
            if (collected.Count > 0)
            {
                try
                {
                    await incidents.RecordAsync(incident.Id, collected).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A locked database for one incident must not stop the others' collection this tick.
                    LogRecordFailed(logger, ex, incident.Id);
                }
            }
            if (incidents.Machine.AutoResolveDue(incident, now))
            {
                await incidents.ApplyAsync(incident.Id, new ResolveIncident(IncidentMachine.ConsoleActor,
                    $"quiet for {PostmortemGenerator.Span(incidents.Options.AutoResolveAfter!.Value)} after mitigation (Incidents:AutoResolveAfter)")).ConfigureAwait(false);
            }
        }
        if (now - _lastPrune >= PruneEvery)
        {
            _lastPrune = now;
            incidents.Prune();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await CollectOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogTickFailed(logger, ex);
                }
                await NextAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits for the interval (on the injected clock) or a wake-up, whichever comes first.</summary>
    private async Task NextAsync(CancellationToken stoppingToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var interval = Task.Delay(incidents.Options.CollectInterval, time, either.Token);
        var woken = _wake.WaitAsync(either.Token);
        await Task.WhenAny(interval, woken).ConfigureAwait(false);
        await either.CancelAsync().ConfigureAwait(false);
        stoppingToken.ThrowIfCancellationRequested();
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Incident collector {Collector} failed for {IncidentId}")]
    private static partial void LogCollectorFailed(ILogger logger, Exception exception, string collector, string incidentId);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "Recording collected timeline entries for {IncidentId} failed")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string incidentId);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "Incident collection failed this tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
