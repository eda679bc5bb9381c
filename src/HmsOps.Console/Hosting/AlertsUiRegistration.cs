namespace HmsOps.Console.Hosting;

/// <summary>What the Alerts, Silences and Runbooks pages need beside the alert book: storage and runbooks.</summary>
public static class AlertsUiRegistration
{
    public static WebApplicationBuilder AddAlertsUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddAlertingStorage();
        builder.AddRunbooks();
        return builder;
    }
}
