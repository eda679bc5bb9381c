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
        services.AddSingleton(sp => RoutingConfiguration.From(ServiceRegistration.Value<NotificationsOptions>(sp)));
        services.AddSingleton<IInhibitionRuleSource>(sp => sp.GetRequiredService<RoutingConfiguration>());
        services.AddSingleton<INotificationLog>(sp => new FileNotificationLog(
            Path.GetFullPath(ServiceRegistration.Value<StorageOptions>(sp).DataPath, builder.Environment.ContentRootPath),
            ServiceRegistration.Value<DispatchOptions>(sp), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FileNotificationLog>>()));
        services.AddSingleton(sp => new Lazy<NotificationDispatcher?>(() =>
        {
            var config = sp.GetRequiredService<RoutingConfiguration>();
            var outbox = sp.GetService<INotificationOutbox>();
            return config.Tree is null || outbox is null
                ? null
                : new NotificationDispatcher(sp.GetRequiredService<AlertBook>(), config, sp.GetRequiredService<IAlertSuppression>(),
                    outbox, sp.GetRequiredService<INotificationLog>(), ServiceRegistration.Value<DispatchOptions>(sp),
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<NotificationDispatcher>>());
        }));
        services.AddHostedService(sp => new NotificationDispatchService(() => sp.GetRequiredService<Lazy<NotificationDispatcher?>>().Value,
            ServiceRegistration.Value<DispatchOptions>(sp), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<NotificationDispatchService>>()));
        return builder;
    }
}
