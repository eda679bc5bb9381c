using Bunit;
using HmsOps.Console.Components.Pages;
using HmsOps.Core.Alerting;
using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Delivery;
using HmsOps.Core.Telemetry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HmsOps.Components.Tests.Pages;

/// <summary>The delivery ledger page over a real outbox file.</summary>
public sealed class NotificationsPageTests : MudComponentTest, IDisposable
{
    private const string Secret = "SECRET-ROUTING-KEY-0000000000000";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hmsops-ledger-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteNotificationOutbox _outbox;

    public NotificationsPageTests()
    {
        var options = new NotificationsOptions
        {
            Receivers =
            [
                new ReceiverOptions { Name = "oncall", PagerDutyConfigs = [new PagerDutyReceiverOptions { RoutingKey = Secret }] },
                new ReceiverOptions { Name = "soc", WebhookConfigs = [new WebhookReceiverOptions { Url = "http://127.0.0.1:9/soc" }] },
            ],
        };
        _outbox = new SqliteNotificationOutbox(Path.Combine(_folder, SqliteNotificationOutbox.FileName), options.Outbox,
            new ConfiguredReceivers(options), Time, NullLogger<SqliteNotificationOutbox>.Instance);
        Ctx.Services.AddSingleton(_outbox);
    }

    private async Task<long> EnqueueAsync(string id, string receiver, string alertName)
    {
        var labels = LabelSet.From(("alertname", alertName), ("severity", "critical"));
        var alert = new ConsoleAlert(AlertFingerprint.Of(labels), labels, LabelSet.Empty, AlertState.Firing, 1,
            Time.GetUtcNow(), Time.GetUtcNow(), null, Time.GetUtcNow(), AlertOrigin.Rules, "test");
        await _outbox.EnqueueAsync(new Notification(id, receiver, $"{{}}:{{alertname=\"{alertName}\"}}",
            LabelSet.From(("alertname", alertName)), NotificationStatus.Firing, [alert], Time.GetUtcNow()), CancellationToken.None);
        return _outbox.Query(new LedgerQuery()).First(r => r.NotificationId == id).Sequence;
    }

    [Fact]
    public async Task Every_delivery_shows_its_alert_receiver_status_attempts_error_and_delivery_time()
    {
        var delivered = await EnqueueAsync("n1", "oncall", "ACHLatencyHigh");
        var failed = await EnqueueAsync("n2", "soc", "SecurityEvent");
        _outbox.MarkDelivered(delivered, 2, Time.GetUtcNow().AddSeconds(3));
        _outbox.MarkFinished(failed, DeliveryStatus.Failed, 1, "configuration error (the receiver refused the request): HTTP 400 Bad Request", Time.GetUtcNow());

        var page = Ctx.Render<Notifications>();

        Assert.Equal("Notifications", page.Find("h1").TextContent.Trim());
        var rows = page.FindAll("[data-testid='ledger-row']");
        Assert.Equal(2, rows.Count);
        var cells = rows[1].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();
        var created = Time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        var deliveredAt = Time.GetUtcNow().AddSeconds(3).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([created, "ACHLatencyHigh (1 alert)", "oncall", "pagerduty #1", "firing", "delivered", "2", "–", deliveredAt, ""], cells);
        var failedCells = rows[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray();
        Assert.Equal("soc", failedCells[2]);
        Assert.Equal("failed", failedCells[5]);
        Assert.Contains("HTTP 400", failedCells[9]);
        Assert.DoesNotContain(Secret, page.Markup);
    }

    [Fact]
    public async Task The_status_and_receiver_filters_narrow_the_ledger()
    {
        var delivered = await EnqueueAsync("n1", "oncall", "ACHLatencyHigh");
        await EnqueueAsync("n2", "soc", "SecurityEvent");
        _outbox.MarkDelivered(delivered, 1, Time.GetUtcNow());

        var pending = RenderAt("notifications?status=pending");
        Assert.Equal("soc", Assert.Single(pending.FindAll("[data-testid='ledger-row']")).QuerySelectorAll("td")[2].TextContent);

        var oncall = RenderAt("notifications?receiver=oncall");
        Assert.Equal("oncall", Assert.Single(oncall.FindAll("[data-testid='ledger-row']")).QuerySelectorAll("td")[2].TextContent);

        var none = RenderAt("notifications?status=given-up");
        Assert.Empty(none.FindAll("[data-testid='ledger-row']"));
        Assert.Contains("No notifications match these filters.", none.Find("[role='status']").TextContent);
    }

    private IRenderedComponent<Notifications> RenderAt(string relativeUri)
    {
        var navigation = Ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo(relativeUri);
        return Ctx.Render<Notifications>();
    }

    [Fact]
    public void An_empty_ledger_says_so_without_inventing_rows()
    {
        var page = Ctx.Render<Notifications>();
        Assert.Contains("No notifications yet.", page.Find("[role='status']").TextContent);
        Assert.Empty(page.FindAll("table"));
    }

    [Fact]
    public async Task A_new_notification_appears_while_the_page_is_open()
    {
        RenderInteractively();
        var page = Ctx.Render<Notifications>();
        Assert.Empty(page.FindAll("[data-testid='ledger-row']"));

        await EnqueueAsync("n1", "oncall", "ACHLatencyHigh");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='ledger-row']")), TimeSpan.FromSeconds(10));
        Assert.Equal("pending", page.Find("[data-testid='ledger-status']").TextContent.Trim());
    }

    [Theory]
    [InlineData("failed", DeliveryStatus.Failed)]
    [InlineData("given-up", DeliveryStatus.GivenUp)]
    [InlineData("Given Up", DeliveryStatus.GivenUp)]
    [InlineData("nonsense", null)]
    [InlineData(null, null)]
    public void Status_filters_are_read_as_the_page_spells_them(string? text, DeliveryStatus? expected) =>
        Assert.Equal(expected, NotificationLedgerModel.ParseStatus(text));

    public void Dispose()
    {
        _outbox.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
