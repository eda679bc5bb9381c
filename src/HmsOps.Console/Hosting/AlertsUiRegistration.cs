using HmsOps.Console.Components.Alerts;

namespace HmsOps.Console.Hosting;

/// <summary>What the Alerts, Silences and Runbooks pages need beside the alert book: storage, runbooks, the on-call's name.</summary>
public static class AlertsUiRegistration
{
    public static WebApplicationBuilder AddAlertsUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddAlertingStorage();
        builder.AddRunbooks();
        builder.Services.AddScoped<OnCallSession>();
        return builder;
    }
}
