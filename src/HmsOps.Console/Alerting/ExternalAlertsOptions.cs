using HmsOps.Core.Alerting.Security;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Alerting;

/// <summary>Section <c>Alerting:Alertmanager</c>: the webhook Alertmanager posts to (with <c>Metrics:Source=Prometheus</c>).</summary>
public sealed class AlertmanagerWebhookOptions
{
    public const string Section = "Alerting:Alertmanager";

    /// <summary>
    /// When set, every webhook call must carry <c>Authorization: Bearer</c> with this token (Alertmanager's
    /// <c>http_config.authorization.credentials</c>). When empty the webhook is open, like the rest of the API until sign-in.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>Larger bodies get 413 (Alertmanager's payloads are a few KB per alert).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>More alerts in one call get 400 (Alertmanager's <c>max_alerts</c> truncates on its side).</summary>
    public int MaxAlertsPerRequest { get; set; } = 1_000;
}

/// <summary>Section <c>Alerting:Prometheus</c>: polling the Prometheus of <c>Metrics:Prometheus</c> for its alerts.</summary>
public sealed class PrometheusAlertPollOptions
{
    public const string Section = "Alerting:Prometheus";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>At most this many alerts are taken from one poll; the rest are left out and a warning is logged.</summary>
    public int MaxAlerts { get; set; } = 10_000;
}

/// <summary>Checks the external-alert sections, naming each key.</summary>
public sealed class ExternalAlertsOptionsValidator :
    IValidateOptions<AlertmanagerWebhookOptions>, IValidateOptions<PrometheusAlertPollOptions>, IValidateOptions<SecurityAlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertmanagerWebhookOptions o) => Result(
        (o.BearerToken is { } token && token.Length > 0 && string.IsNullOrWhiteSpace(token),
            "Alerting:Alertmanager:BearerToken must not be blank (leave it unset for an open webhook)"),
        (o.MaxBodyBytes < 1024, "Alerting:Alertmanager:MaxBodyBytes must be at least 1024"),
        (o.MaxAlertsPerRequest < 1, "Alerting:Alertmanager:MaxAlertsPerRequest must be at least 1"));

    public ValidateOptionsResult Validate(string? name, PrometheusAlertPollOptions o) => Result(
        (o.PollInterval < TimeSpan.FromMilliseconds(100), "Alerting:Prometheus:PollInterval must be at least 00:00:00.1"),
        (o.MaxAlerts < 1, "Alerting:Prometheus:MaxAlerts must be at least 1"));

    public ValidateOptionsResult Validate(string? name, SecurityAlertOptions o) => Result(
        (o.ResolveAfter <= TimeSpan.Zero, "Alerting:Security:ResolveAfter must be more than 0"),
        (o.MaxOpenAlerts < 1, "Alerting:Security:MaxOpenAlerts must be at least 1"));

    private static ValidateOptionsResult Result(params (bool Failed, string Message)[] checks)
    {
        var failures = checks.Where(c => c.Failed).Select(c => c.Message).ToArray();
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
