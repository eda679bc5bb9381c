using HmsOps.Core.Alerting;
using HmsOps.Core.Audit;
using HmsOps.Core.Changes;
using HmsOps.Core.Changes.Aftermath;
using HmsOps.Core.Changes.Storage;
using HmsOps.Core.Deployments;
using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Delivery;
using HmsOps.Core.Notifications.Receivers;
using HmsOps.Core.Tests.Deployments;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace HmsOps.Core.Tests.Changes;

/// <summary>
/// The console's change path without the web host: the demo fleet provider behind a <see cref="DeploymentChangeExecutor"/>,
/// a real change service on SQLite files, the notification outbox with its worker and real transports, an alert
/// book, and the aftermath that posts the incident note and watches the linked alert. One fake clock for all.
/// </summary>
internal sealed class FleetChangeHarness : IAsyncDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly SqliteChangeStore _store;

    public FleetChangeHarness(NotificationsOptions? notifications = null, string? incidentReceiver = null)
    {
        Options = new ChangesOptions { IncidentChannelReceiver = incidentReceiver };
        _store = new SqliteChangeStore(_folder.Combine(SqliteChangeStore.FileName), Options.MaxHistory);
        Audit = new SqliteAuditLog(_folder.Combine(SqliteAuditLog.FileName), Time);
        Changes = new ChangeService(_store, new ChangeMachine(Options), new DeploymentChangeExecutor(Fleet.Provider), Audit, Time,
            NullLogger<ChangeService>.Instance);
        var notificationOptions = notifications ?? new NotificationsOptions();
        var receivers = new ConfiguredReceivers(notificationOptions);
        Outbox = new SqliteNotificationOutbox(_folder.Combine(SqliteNotificationOutbox.FileName), notificationOptions.Outbox, receivers, Time,
            NullLogger<SqliteNotificationOutbox>.Instance);
        var transport = new IntegrationTransport(receivers, () => _http, new SmtpSender(notificationOptions.Outbox, Time), notificationOptions.Outbox, Time);
        Worker = new DeliveryWorker(Outbox, transport, notificationOptions.Outbox, Time, NullLogger<DeliveryWorker>.Instance, () => 0.5);
        Alerts = new AlertBook(Time, new AlertBookOptions());
        Aftermath = new ChangeAftermath(Changes, Fleet.Provider, Outbox, receivers, Alerts, Options, Time, NullLogger<ChangeAftermath>.Instance);
    }

    public DemoFleetHarness Fleet { get; } = new();

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => Fleet.Time;

    public ChangesOptions Options { get; }

    public SqliteAuditLog Audit { get; }

    public ChangeService Changes { get; }

    public SqliteNotificationOutbox Outbox { get; }

    public DeliveryWorker Worker { get; }

    public AlertBook Alerts { get; }

    public ChangeAftermath Aftermath { get; }

    /// <summary>Moves the fake clock on (the demo rollout takes simulated seconds) until the change reaches a final state.</summary>
    public async Task<ChangeRecord> UntilFinishedAsync(string id)
    {
        ChangeRecord? change = null;
        await Poll.UntilAsync(() =>
        {
            change = Changes.Get(id);
            if (change is { } c && !c.State.IsInFlight())
            {
                return true;
            }
            Time.Advance(TimeSpan.FromSeconds(1));
            return false;
        }, $"{id} finished");
        await Changes.WhenIdleAsync();
        return Changes.Get(id)!;
    }

    public async ValueTask DisposeAsync()
    {
        await Aftermath.DisposeAsync();
        await Changes.DisposeAsync();
        _store.Dispose();
        Audit.Dispose();
        Outbox.Dispose();
        _http.Dispose();
        _folder.Dispose();
    }
}
