namespace HmsOps.Core.Notifications;

/// <summary>
/// Section <c>Notifications</c>: Alertmanager's routing configuration, in appsettings (PascalCase, below) or in an
/// Alertmanager-style YAML file (<see cref="ConfigFile"/>, snake_case as Alertmanager writes it). Not both.
/// Secrets (routing keys, webhook URLs, SMTP passwords) are never logged or shown.
/// </summary>
public sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    /// <summary>An Alertmanager-style YAML file (route, receivers, inhibit_rules), relative to the content root.</summary>
    public string? ConfigFile { get; set; }

    public RouteOptions Route { get; set; } = new();

    public List<ReceiverOptions> Receivers { get; set; } = [];

    public List<InhibitRuleOptions> InhibitRules { get; set; } = [];

    /// <summary>The console's own URL, put into notifications as the link back (Alertmanager's externalURL).</summary>
    public string ExternalUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Where <c>SecurityEvent</c> alerts go, whatever the route tree, silences and inhibitions say.</summary>
    public string SecurityReceiver { get; set; } = "soc";

    public OutboxOptions Outbox { get; set; } = new();
}

/// <summary>One node of the route tree. Unset timings and grouping inherit from the parent (root: Alertmanager's defaults).</summary>
public sealed class RouteOptions
{
    public string? Receiver { get; set; }

    /// <summary>Label names to group by; <c>["..."]</c> groups by all labels (one alert per group).</summary>
    public List<string>? GroupBy { get; set; }

    /// <summary>Alertmanager matchers, e.g. <c>severity="critical"</c>, <c>service=~"ach-.*"</c>. All must match.</summary>
    public List<string> Matchers { get; set; } = [];

    /// <summary>Default 30 s at the root.</summary>
    public TimeSpan? GroupWait { get; set; }

    /// <summary>Default 5 min at the root.</summary>
    public TimeSpan? GroupInterval { get; set; }

    /// <summary>Default 4 h at the root.</summary>
    public TimeSpan? RepeatInterval { get; set; }

    /// <summary>When true, matching goes on to the next sibling after this route matched.</summary>
    public bool Continue { get; set; }

    public List<RouteOptions> Routes { get; set; } = [];
}

/// <summary>A named receiver: any number of integrations, each notified for every group routed here.</summary>
public sealed class ReceiverOptions
{
    public string Name { get; set; } = "";

    public List<PagerDutyReceiverOptions> PagerDutyConfigs { get; set; } = [];

    public List<SlackReceiverOptions> SlackConfigs { get; set; } = [];

    public List<WebhookReceiverOptions> WebhookConfigs { get; set; } = [];

    public List<EmailReceiverOptions> EmailConfigs { get; set; } = [];
}

/// <summary>PagerDuty Events API v2.</summary>
public sealed class PagerDutyReceiverOptions
{
    /// <summary>The integration's routing key (secret: never logged).</summary>
    public string RoutingKey { get; set; } = "";

    public string Url { get; set; } = "https://events.pagerduty.com/v2/enqueue";

    public bool SendResolved { get; set; } = true;

    /// <summary>PagerDuty allows about 120 events per minute per routing key.</summary>
    public int MaxEventsPerMinute { get; set; } = 120;
}

/// <summary>A Slack-compatible incoming webhook.</summary>
public sealed class SlackReceiverOptions
{
    /// <summary>The incoming-webhook URL (secret: it authorises posting).</summary>
    public string ApiUrl { get; set; } = "";

    public string? Channel { get; set; }

    /// <summary>Alertmanager's default for Slack is false.</summary>
    public bool SendResolved { get; set; }

    public int MaxEventsPerMinute { get; set; } = 60;
}

/// <summary>A generic webhook receiving Alertmanager's version 4 payload.</summary>
public sealed class WebhookReceiverOptions
{
    public string Url { get; set; } = "";

    public bool SendResolved { get; set; } = true;

    /// <summary>Sent as <c>Authorization: Bearer</c> when set (secret).</summary>
    public string? BearerToken { get; set; }

    /// <summary>At most this many alerts per payload; 0 means all (Alertmanager's <c>max_alerts</c>).</summary>
    public int MaxAlerts { get; set; }

    public int MaxEventsPerMinute { get; set; } = 600;
}

/// <summary>Email over SMTP (MailKit).</summary>
public sealed class EmailReceiverOptions
{
    public string To { get; set; } = "";

    public string From { get; set; } = "";

    /// <summary><c>host:port</c> of the SMTP server.</summary>
    public string Smarthost { get; set; } = "";

    public string? AuthUsername { get; set; }

    /// <summary>Secret.</summary>
    public string? AuthPassword { get; set; }

    /// <summary>Alertmanager's default is true: STARTTLS is required unless turned off.</summary>
    public bool RequireTls { get; set; } = true;

    public bool SendResolved { get; set; }

    public int MaxEventsPerMinute { get; set; } = 60;
}

/// <summary>Alertmanager inhibition: a firing source alert mutes target alerts that agree on the <see cref="Equal"/> labels.</summary>
public sealed class InhibitRuleOptions
{
    public List<string> SourceMatchers { get; set; } = [];

    public List<string> TargetMatchers { get; set; } = [];

    public List<string> Equal { get; set; } = [];
}

/// <summary>Delivery bounds and retry policy.</summary>
public sealed class OutboxOptions
{
    /// <summary>At most this many notifications wait to be sent; beyond it new ones are refused and logged as errors.</summary>
    public int MaxPending { get; set; } = 10_000;

    /// <summary>Delivered and given-up notifications are kept this long for the delivery ledger.</summary>
    public TimeSpan LedgerRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>At most this many ledger rows are kept; the oldest finished rows go first.</summary>
    public int MaxLedgerRows { get; set; } = 50_000;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A notification still failing after this long is given up (and shown as such in the ledger).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Per-attempt HTTP/SMTP timeout.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
