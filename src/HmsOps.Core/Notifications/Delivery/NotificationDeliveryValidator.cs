using Microsoft.Extensions.Options;
using MimeKit;
using HmsOps.Core.Notifications.Receivers;

namespace HmsOps.Core.Notifications.Delivery;

/// <summary>
/// Checks what delivery needs from the <c>Notifications</c> section: receivers named uniquely, every integration's
/// URL absolute http(s), keys and addresses present, and the outbox bounds. Each error names its key; no error
/// repeats a secret's value.
/// </summary>
public sealed class NotificationDeliveryValidator : IValidateOptions<NotificationsOptions>
{
    private const string Root = NotificationsOptions.Section;

    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        var errors = new List<string>();
        if (!IsHttpUrl(options.ExternalUrl))
        {
            errors.Add($"{Root}:ExternalUrl must be an absolute http(s) URL");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < options.Receivers.Count; r++)
        {
            var receiver = options.Receivers[r];
            var at = $"{Root}:Receivers:{r}";
            if (string.IsNullOrWhiteSpace(receiver.Name))
            {
                errors.Add($"{at}:Name is required");
            }
            else if (!seen.Add(receiver.Name))
            {
                errors.Add($"{at}:Name '{receiver.Name}' is used by another receiver; receiver names must be unique");
            }
            ValidateIntegrations(receiver, at, errors);
        }
        ValidateOutbox(options.Outbox, $"{Root}:Outbox", errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateIntegrations(ReceiverOptions receiver, string at, List<string> errors)
    {
        for (var i = 0; i < receiver.PagerDutyConfigs.Count; i++)
        {
            var pd = receiver.PagerDutyConfigs[i];
            var key = $"{at}:PagerDutyConfigs:{i}";
            Check(string.IsNullOrWhiteSpace(pd.RoutingKey), $"{key}:RoutingKey is required", errors);
            Check(!IsHttpUrl(pd.Url), $"{key}:Url must be an absolute http(s) URL", errors);
            Check(pd.MaxEventsPerMinute < 1, $"{key}:MaxEventsPerMinute must be at least 1", errors);
        }
        for (var i = 0; i < receiver.SlackConfigs.Count; i++)
        {
            var slack = receiver.SlackConfigs[i];
            var key = $"{at}:SlackConfigs:{i}";
            // The URL is a secret: the message says what is wrong without repeating it.
            Check(!IsHttpUrl(slack.ApiUrl), $"{key}:ApiUrl must be an absolute http(s) URL", errors);
            Check(slack.MaxEventsPerMinute < 1, $"{key}:MaxEventsPerMinute must be at least 1", errors);
        }
        for (var i = 0; i < receiver.WebhookConfigs.Count; i++)
        {
            var hook = receiver.WebhookConfigs[i];
            var key = $"{at}:WebhookConfigs:{i}";
            Check(!IsHttpUrl(hook.Url), $"{key}:Url must be an absolute http(s) URL", errors);
            Check(hook.MaxAlerts < 0, $"{key}:MaxAlerts must not be negative (0 sends all)", errors);
            Check(hook.MaxEventsPerMinute < 1, $"{key}:MaxEventsPerMinute must be at least 1", errors);
        }
        for (var i = 0; i < receiver.EmailConfigs.Count; i++)
        {
            var email = receiver.EmailConfigs[i];
            var key = $"{at}:EmailConfigs:{i}";
            Check(!IsAddressList(email.To), $"{key}:To must be one or more email addresses", errors);
            Check(!MailboxAddress.TryParse(email.From, out _), $"{key}:From must be an email address", errors);
            Check(!SmtpSender.TrySplitHost(email.Smarthost, out _, out _), $"{key}:Smarthost must be host:port", errors);
            Check(string.IsNullOrEmpty(email.AuthUsername) && !string.IsNullOrEmpty(email.AuthPassword),
                $"{key}:AuthUsername is required when AuthPassword is set", errors);
            Check(email.MaxEventsPerMinute < 1, $"{key}:MaxEventsPerMinute must be at least 1", errors);
        }
    }

    private static void ValidateOutbox(OutboxOptions o, string key, List<string> errors)
    {
        Check(o.MaxPending < 1, $"{key}:MaxPending must be at least 1", errors);
        Check(o.MaxLedgerRows < 1, $"{key}:MaxLedgerRows must be at least 1", errors);
        Check(o.LedgerRetention <= TimeSpan.Zero, $"{key}:LedgerRetention must be more than 0", errors);
        Check(o.InitialBackoff <= TimeSpan.Zero, $"{key}:InitialBackoff must be more than 0", errors);
        Check(o.MaxBackoff < o.InitialBackoff, $"{key}:MaxBackoff must not be less than InitialBackoff", errors);
        Check(o.GiveUpAfter <= TimeSpan.Zero, $"{key}:GiveUpAfter must be more than 0", errors);
        Check(o.AttemptTimeout <= TimeSpan.Zero, $"{key}:AttemptTimeout must be more than 0", errors);
    }

    private static void Check(bool failed, string message, List<string> errors)
    {
        if (failed)
        {
            errors.Add(message);
        }
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool IsAddressList(string value) =>
        !string.IsNullOrWhiteSpace(value) && InternetAddressList.TryParse(value, out var list) && list.Mailboxes.Any();
}
