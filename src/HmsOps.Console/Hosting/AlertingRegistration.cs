using HmsOps.Console.Alerting;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Matchers;
using HmsOps.Core.Alerting.Silences;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Hosting;

/// <summary>The alert book every alert source reports into, and the silences (section <c>Alerting</c>).</summary>
public static class AlertingRegistration
{
    public static WebApplicationBuilder AddAlerting(this WebApplicationBuilder builder)
    {
        ServiceRegistration.Bind<AlertBookOptions, AlertingOptionsValidator>(builder, "Alerting");
        ServiceRegistration.Bind<SilenceOptions, AlertingOptionsValidator>(builder, "Alerting:Silences");
        var services = builder.Services;
        builder.AddAlertsUi();
        services.AddSingleton(sp => new AlertBook(sp.GetRequiredService<TimeProvider>(),
            ServiceRegistration.Value<AlertBookOptions>(sp), sp.GetService<IAcknowledgementStore>()));
        services.AddSingleton(sp => new SilenceStore(sp.GetRequiredService<TimeProvider>(),
            ServiceRegistration.Value<SilenceOptions>(sp), sp.GetService<ISilenceRepository>()));
        services.AddSingleton<IAlertSuppression>(sp =>
        {
            // Without a notifications configuration there are no inhibit rules; silences still apply.
            var inhibition = sp.GetService<IInhibitionRuleSource>();
            return new AlertSuppression(sp.GetRequiredService<AlertBook>(), sp.GetRequiredService<SilenceStore>(),
                () => inhibition?.Rules ?? []);
        });
        builder.AddRuleEvaluation();
        builder.AddExternalAlerts();
        // Routing first: it binds Notifications (and applies the Alertmanager file); delivery then only adds its checks.
        builder.AddNotificationRouting();
        builder.AddNotificationDelivery();
        return builder;
    }
}

/// <summary>Checks the <c>Alerting</c> section's bounds, naming each key.</summary>
public sealed class AlertingOptionsValidator : IValidateOptions<AlertBookOptions>, IValidateOptions<SilenceOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertBookOptions o) => Result(
        (o.ResolvedRetention < TimeSpan.Zero, "Alerting:ResolvedRetention must not be negative"),
        (o.MaxAlerts < 1, "Alerting:MaxAlerts must be at least 1"));

    public ValidateOptionsResult Validate(string? name, SilenceOptions o) => Result(
        (o.MaxSilences < 1, "Alerting:Silences:MaxSilences must be at least 1"),
        (o.ExpiredRetention < TimeSpan.Zero, "Alerting:Silences:ExpiredRetention must not be negative"),
        (o.MaxDuration <= TimeSpan.Zero, "Alerting:Silences:MaxDuration must be more than 0"));

    private static ValidateOptionsResult Result(params (bool Failed, string Message)[] checks)
    {
        var failures = checks.Where(c => c.Failed).Select(c => c.Message).ToArray();
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
