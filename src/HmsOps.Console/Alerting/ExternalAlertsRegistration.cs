using HmsOps.Console.Hosting;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.External;
using HmsOps.Core.Alerting.Security;
using HmsOps.Core.Metrics;

namespace HmsOps.Console.Alerting;

/// <summary>
/// Alerts that do not come from the console's own rules: with <c>Metrics:Source=Prometheus</c>, Alertmanager's webhook
/// and a poller of Prometheus's <c>/api/v1/alerts</c>; always, <c>SecurityEvent</c> alerts from security logs.
/// </summary>
public static class ExternalAlertsRegistration
{
    public const string WebhookPath = "/api/alertmanager/webhook";

    public static WebApplicationBuilder AddExternalAlerts(this WebApplicationBuilder builder)
    {
        ServiceRegistration.Bind<AlertmanagerWebhookOptions, ExternalAlertsOptionsValidator>(builder, AlertmanagerWebhookOptions.Section);
        ServiceRegistration.Bind<PrometheusAlertPollOptions, ExternalAlertsOptionsValidator>(builder, PrometheusAlertPollOptions.Section);
        ServiceRegistration.Bind<SecurityAlertOptions, ExternalAlertsOptionsValidator>(builder, "Alerting:Security");
        var services = builder.Services;
        services.AddSingleton(sp => new ExternalAlertIntake(sp.GetRequiredService<AlertBook>()));
        services.AddSingleton<ExternalSourceBoard>();
        services.AddSingleton<AlertmanagerWebhookHandler>();
        services.AddSingleton(sp => new SecurityAlerts(sp.GetRequiredService<AlertBook>(), sp.GetRequiredService<TimeProvider>(),
            ServiceRegistration.Value<SecurityAlertOptions>(sp)));
        services.AddHostedService<SecurityAlertService>();
        if (IsPrometheusSource(builder.Configuration))
        {
            services.AddHostedService<PrometheusAlertPoller>();
        }
        return builder;
    }

    /// <summary>Read leniently, as the metrics source's registration does: a bad value is reported by options validation.</summary>
    public static bool IsPrometheusSource(IConfiguration configuration) =>
        Enum.TryParse<MetricsSourceKind>(configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.Source)}"], ignoreCase: true, out var kind)
        && kind == MetricsSourceKind.Prometheus;
}
