using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Delivery;

namespace HmsOps.Core.Tests.Notifications;

public sealed class NotificationDeliveryValidatorTests
{
    private static IReadOnlyList<string> Errors(NotificationsOptions options) =>
        new NotificationDeliveryValidator().Validate(null, options).Failures?.ToArray() ?? [];

    [Fact]
    public void TheDefaults_AreValid() => Assert.Empty(Errors(new NotificationsOptions()));

    [Fact]
    public void EachBadSetting_IsReportedWithItsKey_AndNoSecretIsRepeated()
    {
        var options = new NotificationsOptions
        {
            ExternalUrl = "console.local",
            Receivers =
            [
                new ReceiverOptions
                {
                    Name = "oncall",
                    PagerDutyConfigs = [new PagerDutyReceiverOptions { RoutingKey = "", Url = "ftp://pd" }],
                    SlackConfigs = [new SlackReceiverOptions { ApiUrl = "hooks.slack.example/SECRETPATH" }],
                },
                new ReceiverOptions
                {
                    Name = "oncall",
                    WebhookConfigs = [new WebhookReceiverOptions { Url = "/relative", MaxAlerts = -1 }],
                    EmailConfigs = [new EmailReceiverOptions { To = "", From = "not an address", Smarthost = "mail.example" }],
                },
                new ReceiverOptions { Name = "" },
            ],
            Outbox = new OutboxOptions { MaxPending = 0, InitialBackoff = TimeSpan.FromMinutes(10), MaxBackoff = TimeSpan.FromMinutes(1) },
        };

        var errors = Errors(options);

        Assert.Contains("Notifications:ExternalUrl must be an absolute http(s) URL", errors);
        Assert.Contains("Notifications:Receivers:0:PagerDutyConfigs:0:RoutingKey is required", errors);
        Assert.Contains("Notifications:Receivers:0:PagerDutyConfigs:0:Url must be an absolute http(s) URL", errors);
        Assert.Contains("Notifications:Receivers:0:SlackConfigs:0:ApiUrl must be an absolute http(s) URL", errors);
        Assert.Contains("Notifications:Receivers:1:Name 'oncall' is used by another receiver; receiver names must be unique", errors);
        Assert.Contains("Notifications:Receivers:1:WebhookConfigs:0:Url must be an absolute http(s) URL", errors);
        Assert.Contains("Notifications:Receivers:1:WebhookConfigs:0:MaxAlerts must not be negative (0 sends all)", errors);
        Assert.Contains("Notifications:Receivers:1:EmailConfigs:0:To must be one or more email addresses", errors);
        Assert.Contains("Notifications:Receivers:1:EmailConfigs:0:From must be an email address", errors);
        Assert.Contains("Notifications:Receivers:1:EmailConfigs:0:Smarthost must be host:port", errors);
        Assert.Contains("Notifications:Receivers:2:Name is required", errors);
        Assert.Contains("Notifications:Outbox:MaxPending must be at least 1", errors);
        Assert.Contains("Notifications:Outbox:MaxBackoff must not be less than InitialBackoff", errors);
        Assert.DoesNotContain(errors, e => e.Contains("SECRETPATH"));
    }
}
