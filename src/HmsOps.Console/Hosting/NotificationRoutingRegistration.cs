using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Matchers;
using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Dispatch;
using HmsOps.Core.Notifications.Routing;
using HmsOps.Core.Storage;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Hosting;

/// <summary>
/// Routing (section <c>Notifications</c>, or the YAML file it names), inhibit rules, the notification log and the
/// dispatcher that hands notifications to the outbox (registered by the delivery side as <see cref="INotificationOutbox"/>).
/// </summary>
public static class NotificationRoutingRegistration
{
    public static WebApplicationBuilder AddNotificationRouting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var setup = new NotificationsOptionsSetup(builder.Environment.ContentRootPath);
        services.AddSingleton(setup);
        services.AddSingleton<IPostConfigureOptions<NotificationsOptions>>(setup);
        ServiceRegistration.Bind<NotificationsOptions, NotificationsOptionsValidator>(builder, NotificationsOptions.Section);
        ServiceRegistration.Bind<DispatchOptions, DispatchOptionsValidator>(builder, DispatchOptions.Section);
        services.AddSingleton(sp => new RoutingConfigurationSource(ServiceRegistration.Value<NotificationsOptions>(sp),
            sp.GetRequiredService<NotificationsOptionsSetup>().AppliedFile, sp.GetRequiredService<ILogger<RoutingConfigurationSource>>()));
        services.AddSingleton<IInhibitionRuleSource>(sp => sp.GetRequiredService<RoutingConfigurationSource>());
        services.AddSingleton<INotificationLog>(sp => new FileNotificationLog(
            Path.GetFullPath(ServiceRegistration.Value<StorageOptions>(sp).DataPath, builder.Environment.ContentRootPath),
            ServiceRegistration.Value<DispatchOptions>(sp), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FileNotificationLog>>()));
        services.AddSingleton(sp => new Lazy<NotificationDispatcher?>(() =>
        {
            var outbox = sp.GetService<INotificationOutbox>();
            return outbox is null
                ? null
                : new NotificationDispatcher(sp.GetRequiredService<AlertBook>(), sp.GetRequiredService<RoutingConfigurationSource>(), sp.GetRequiredService<IAlertSuppression>(),
                    outbox, sp.GetRequiredService<INotificationLog>(), ServiceRegistration.Value<DispatchOptions>(sp),
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<NotificationDispatcher>>());
        }));
        services.AddHostedService(sp => new NotificationDispatchService(() => sp.GetRequiredService<Lazy<NotificationDispatcher?>>().Value,
            sp.GetRequiredService<RoutingConfigurationSource>(), ServiceRegistration.Value<DispatchOptions>(sp), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<NotificationDispatchService>>()));
        return builder;
    }
}
