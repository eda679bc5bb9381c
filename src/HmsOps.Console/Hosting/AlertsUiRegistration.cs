using HmsOps.Console.Security;

namespace HmsOps.Console.Hosting;

/// <summary>What the Alerts, Silences and Runbooks pages need beside the alert book: storage, runbooks, the signed-in person.</summary>
public static class AlertsUiRegistration
{
    public static WebApplicationBuilder AddAlertsUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddAlertingStorage();
        builder.AddRunbooks();
        builder.Services.AddScoped<SignedInUser>();
        return builder;
    }
}
