using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HmsOps.Core.Alerting;
using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Delivery;
using HmsOps.Core.Telemetry;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace HmsOps.Integration.Tests.Notifications;

/// <summary>
/// The real console with notifications waiting in its outbox: it sends them at start, a kill -9 while the receiver
/// is down loses none, and after the restart each arrives exactly once.
/// </summary>
[Collection(HeavyConsoleCollection.Name)]
public sealed class KillWithPendingNotificationsTests : IAsyncLifetime
{
    private readonly WebhookReceiver _receiver = new();
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "hmsops-notify-" + Guid.NewGuid().ToString("N"));
    private ConsoleProcess? _first;
    private ConsoleProcess? _restarted;

    private Dictionary<string, string> Settings => new()
    {
        ["Demo:Enabled"] = "false",
        // The shipped settings' first receiver is "on-call"; this gives it a webhook.
        ["Notifications:Receivers:0:WebhookConfigs:0:Url"] = _receiver.Url,
        ["Notifications:Outbox:InitialBackoff"] = "00:00:00.200",
        ["Notifications:Outbox:MaxBackoff"] = "00:00:01",
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_restarted is not null)
        {
            await _restarted.DisposeAsync();
        }
        if (_first is not null)
        {
            await _first.DisposeAsync();
        }
        _receiver.Dispose();
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task Notifications_pending_at_a_kill_9_are_each_delivered_exactly_once_after_restart()
    {
        string[] ids = ["n-ach", "n-api", "n-claims"];
        await SeedOutboxAsync(ids);

        _first = new ConsoleProcess(Settings, dataPath: _dataPath);
        await _first.StartAndWaitUntilReadyAsync();
        await Poll.UntilAsync(() => _receiver.Requests.Select(r => r.Id).Distinct().Count(), n => n == ids.Length,
            "the console tried every pending notification (the receiver answers 503)");
        await _first.KillHardAsync();
        Assert.Empty(_receiver.Accepted);

        _receiver.Up = true;
        _restarted = new ConsoleProcess(Settings, dataPath: _dataPath);
        await _restarted.StartAndWaitUntilReadyAsync();
        await Poll.UntilAsync(() => _receiver.Accepted.Count, n => n >= ids.Length, "every notification was delivered after the restart");
        await _restarted.StopAsync();

        Assert.Equal(ids.Order().ToArray(), _receiver.Accepted.Select(r => r.Id).Order().ToArray());
        using var ledger = OpenOutbox();
        Assert.All(ledger.Query(new LedgerQuery()), r =>
        {
            Assert.Equal(DeliveryStatus.Delivered, r.Status);
            Assert.True(r.Attempts > 1, "the 503s before the kill were counted");
        });
    }

    private async Task SeedOutboxAsync(string[] ids)
    {
        using var outbox = OpenOutbox();
        var now = DateTimeOffset.UtcNow;
        foreach (var id in ids)
        {
            var labels = LabelSet.From(("alertname", "ACHLatencyHigh"), ("service", id), ("severity", "critical"));
            var alert = new ConsoleAlert(AlertFingerprint.Of(labels), labels, LabelSet.Empty, AlertState.Firing, 6,
                now, now, null, now, AlertOrigin.Rules, "test");
            Assert.True(await outbox.EnqueueAsync(new Notification(id, "on-call", $"{{}}:{{service=\"{id}\"}}",
                LabelSet.From(("service", id)), NotificationStatus.Firing, [alert], now), CancellationToken.None));
        }
    }

    private SqliteNotificationOutbox OpenOutbox()
    {
        var options = new NotificationsOptions
        {
            Receivers = [new ReceiverOptions { Name = "on-call", WebhookConfigs = [new WebhookReceiverOptions { Url = _receiver.Url }] }],
        };
        return new SqliteNotificationOutbox(Path.Combine(_dataPath, SqliteNotificationOutbox.FileName), options.Outbox,
            new ConfiguredReceivers(options), TimeProvider.System, NullLogger<SqliteNotificationOutbox>.Instance);
    }

    /// <summary>A webhook on 127.0.0.1 that answers 503 until <see cref="Up"/>, then 200.</summary>
    private sealed class WebhookReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public WebhookReceiver()
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            Url = $"http://127.0.0.1:{port}/hook";
            _loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public volatile bool Up;

        public ConcurrentQueue<(string Id, int Status)> Requests { get; } = new();

        public IReadOnlyList<(string Id, int Status)> Accepted => Requests.Where(r => r.Status == 200).ToArray();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception)
                {
                    return;
                }
                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                {
                    await reader.ReadToEndAsync();
                }
                var id = (context.Request.Headers["Idempotency-Key"] ?? "").Split('/')[0];
                var status = Up ? 200 : 503;
                Requests.Enqueue((id, status));
                context.Response.StatusCode = status;
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
