using HmsOps.Core.Alerting;
using HmsOps.Core.Changes;
using HmsOps.Core.Incidents;
using HmsOps.Core.Incidents.Collection;
using HmsOps.Core.Tests.Changes;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace HmsOps.Core.Tests.Incidents;

/// <summary>The writer between the alert book, the change service and incidents: the outage's story in the order it happened.</summary>
public sealed class IncidentEventWriterTests : IAsyncLifetime
{
    private readonly IncidentHarness _incidents = new();
    private readonly ChangeHarness _changes = new();
    private AlertBook _book = null!;
    private IncidentEventWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _book = new AlertBook(_incidents.Time, new AlertBookOptions());
        _writer = new IncidentEventWriter(_book, _incidents.Service, NullLogger<IncidentEventWriter>.Instance, _changes.Service);
        await _writer.StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Alert_fires_rollback_is_approved_and_executed_alert_resolves_and_the_timeline_holds_it_in_order()
    {
        var start = _incidents.Time.GetUtcNow();
        var pending = IncidentHarness.Alert("ACHLatencyHigh", "ach-svc", "critical", AlertState.Pending, start);
        _book.ReplaceScope("rules", [pending]);
        _incidents.Time.Advance(TimeSpan.FromSeconds(20));
        var firing = pending with { State = AlertState.Firing, FiredAt = _incidents.Time.GetUtcNow() };
        _book.ReplaceScope("rules", [firing]);
        var incident = await WaitForAsync(() => _incidents.Service.ForAlert(firing.Fingerprint), "the incident to open");

        var requested = await _changes.Service.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "latency after v1.9.0"), People.Engineer);
        await _changes.Service.ApproveAsync(requested.Change!.Id, People.Lead1);
        await _changes.Service.WhenIdleAsync();
        await WaitForAsync(async () => (await _incidents.TimelineAsync(incident.Id)).Count(e => e.Source == TimelineSource.Change) >= 4, "the change's transitions");

        _book.ReplaceScope("rules", [firing with { State = AlertState.Inactive, ResolvedAt = _incidents.Time.GetUtcNow() }]);
        var mitigated = await WaitForAsync(async () => await _incidents.Service.GetAsync(incident.Id) is { State: IncidentState.Mitigated } i ? i : null, "mitigation");

        Assert.Equal([requested.Change.Id], mitigated.ChangeIds);
        Assert.Equal(incident.Id, _incidents.Service.ForChange(requested.Change.Id)!.Id);
        var timeline = await _incidents.TimelineAsync(incident.Id);
        var story = timeline.Select(e => e.Source).ToList();
        Assert.Equal(TimelineSource.Alert, story[0]);
        Assert.EndsWith("pending", timeline[0].Text, StringComparison.Ordinal);
        Assert.Contains("firing", timeline[1].Text, StringComparison.Ordinal);
        Assert.Equal(TimelineSource.Incident, story[2]);
        var changes = timeline.Where(e => e.Source == TimelineSource.Change).ToList();
        Assert.Contains("ach-svc v1.9.0 → v1.8.2", changes[0].Text, StringComparison.Ordinal);
        Assert.EndsWith($"({requested.Change.Id})", changes[0].Text, StringComparison.Ordinal);
        Assert.Contains(changes, c => c.Text == $"ach-svc rollback v1.9.0 → v1.8.2: approved by lead1 ({requested.Change.Id})");
        Assert.Equal("engineer", changes[0].Actor);
        Assert.Contains(changes, c => c.Actor == "lead1");
        var resolvedAt = timeline.ToList().FindIndex(e => e.Source == TimelineSource.Alert && e.Text.Contains("resolved", StringComparison.Ordinal));
        Assert.True(resolvedAt > timeline.ToList().FindLastIndex(e => e.Source == TimelineSource.Change && e.Actor == "lead1"), "the resolve comes after the approval");
        Assert.Equal(TimelineSource.Incident, story[^1]);
        Assert.StartsWith("Mitigated", timeline[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_already_in_the_book_when_the_writer_starts_are_observed()
    {
        await _writer.StopAsync(CancellationToken.None);
        var now = _incidents.Time.GetUtcNow();
        var firing = IncidentHarness.Alert("ACHLatencyHigh", "ach-svc", "critical", AlertState.Firing, now, now);
        _book.ReplaceScope("rules", [firing]);
        _writer.Dispose();
        _writer = new IncidentEventWriter(_book, _incidents.Service, NullLogger<IncidentEventWriter>.Instance, _changes.Service);

        await _writer.StartAsync(CancellationToken.None);

        await WaitForAsync(() => _incidents.Service.ForAlert(firing.Fingerprint), "the incident to open from the book's snapshot");
    }

    public async Task DisposeAsync()
    {
        await _writer.StopAsync(CancellationToken.None);
        _writer.Dispose();
        await _changes.DisposeAsync();
        _incidents.Dispose();
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe, string what) where T : class
    {
        T? value = null;
        await Poll.UntilAsync(() => (value = probe()) is not null, what);
        return value!;
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for {what}");
            }
            await Task.Delay(10);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> probe, string what) =>
        await WaitForAsync<object>(async () => await probe() ? new object() : null, what);
}
