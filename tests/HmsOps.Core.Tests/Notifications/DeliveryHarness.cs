using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Delivery;
using HmsOps.Core.Notifications.Receivers;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Notifications;

/// <summary>
/// An outbox file, its worker and the real transports, on a fake clock: <see cref="DeliverAllAsync"/> steps the clock
/// from one due time to the next, so hours of backoff pass without waiting.
/// </summary>
internal sealed class DeliveryHarness : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly TempDirectory _directory;
    private readonly bool _ownsDirectory;

    public DeliveryHarness(NotificationsOptions options, TempDirectory? directory = null, FakeTimeProvider? time = null)
    {
        Options = options;
        _ownsDirectory = directory is null;
        _directory = directory ?? new TempDirectory();
        Time = time ?? new FakeTimeProvider(SampleNotifications.Start);
        var receivers = new ConfiguredReceivers(options);
        Outbox = new SqliteNotificationOutbox(DatabasePath, options.Outbox, receivers, Time, OutboxLog);
        var transport = new IntegrationTransport(receivers, () => _http, new SmtpSender(options.Outbox, Time), options.Outbox, Time);
        // The midpoint of every jitter range: deterministic, and never zero.
        Worker = new DeliveryWorker(Outbox, transport, options.Outbox, Time, WorkerLog, () => 0.5);
    }

    public NotificationsOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public TempDirectory Directory => _directory;

    public string DatabasePath => _directory.Combine("data", SqliteNotificationOutbox.FileName);

    public SqliteNotificationOutbox Outbox { get; }

    public DeliveryWorker Worker { get; }

    public CapturingLogger<SqliteNotificationOutbox> OutboxLog { get; } = new();

    public CapturingLogger<DeliveryWorker> WorkerLog { get; } = new();

    public IReadOnlyList<DeliveryRecord> Ledger => Outbox.Query(new LedgerQuery(Limit: 1000));

    public Task<bool> EnqueueAsync(Notification notification) => Outbox.EnqueueAsync(notification, CancellationToken.None);

    /// <summary>Sends what is due, then moves the clock to the next due time, until nothing waits (or too many steps).</summary>
    public async Task DeliverAllAsync(int maxSteps = 500)
    {
        for (var step = 0; step < maxSteps; step++)
        {
            await Worker.RunDueAsync(CancellationToken.None);
            if (Outbox.NextDueAt() is not { } due)
            {
                return;
            }
            if (due > Time.GetUtcNow())
            {
                Time.SetUtcNow(due);
            }
        }
        throw new InvalidOperationException($"deliveries still pending after {maxSteps} steps");
    }

    /// <summary>
    /// Each id arrived exactly once; otherwise fails with the ledger (attempts, last errors), which tells a worker
    /// retry (counted attempts) from a resend below it.
    /// </summary>
    public void AssertEachArrivedOnce(IEnumerable<string> expectedIds, IEnumerable<string> arrivedIds)
    {
        var expected = expectedIds.Order(StringComparer.Ordinal).ToArray();
        var arrived = arrivedIds.Order(StringComparer.Ordinal).ToArray();
        if (!expected.SequenceEqual(arrived))
        {
            var ledger = string.Join("\n", Ledger.Select(r => $"{r.NotificationId} {r.Integration.Key} {r.Status} attempts={r.Attempts} error={r.LastError}"));
            Assert.Fail($"expected [{string.Join(", ", expected)}] each once, arrived [{string.Join(", ", arrived)}]; ledger:\n{ledger}");
        }
    }

    public void Dispose()
    {
        Outbox.Dispose();
        _http.Dispose();
        if (_ownsDirectory)
        {
            _directory.Dispose();
        }
    }

    public static NotificationsOptions WebhookOptions(string url, Action<WebhookReceiverOptions>? configure = null)
    {
        var hook = new WebhookReceiverOptions { Url = url };
        configure?.Invoke(hook);
        return new NotificationsOptions { Receivers = [new ReceiverOptions { Name = "oncall", WebhookConfigs = [hook] }] };
    }

    public static NotificationsOptions PagerDutyOptions(string url, string routingKey = "R0UTINGKEY0123456789abcdef012345",
        int perMinute = 120) =>
        new()
        {
            Receivers = [new ReceiverOptions
            {
                Name = "oncall",
                PagerDutyConfigs = [new PagerDutyReceiverOptions { Url = url, RoutingKey = routingKey, MaxEventsPerMinute = perMinute }],
            }],
        };
}
