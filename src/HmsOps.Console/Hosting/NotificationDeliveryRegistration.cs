using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Delivery;
using HmsOps.Core.Notifications.Receivers;
using HmsOps.Core.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Hosting;

/// <summary>
/// The notification outbox (<c>notifications.db</c> under <c>Storage:DataPath</c>), its delivery worker, the
/// PagerDuty/Slack/webhook/email transports, and the checks on the receivers in section <c>Notifications</c>.
/// </summary>
public static class NotificationDeliveryRegistration
{
    public static WebApplicationBuilder AddNotificationDelivery(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The section is bound once, whichever of routing and delivery registers first: binding a section twice
        // would append every receiver list to itself.
        if (services.Any(d => d.ServiceType == typeof(IConfigureOptions<NotificationsOptions>)))
        {
            services.AddSingleton<IValidateOptions<NotificationsOptions>, NotificationDeliveryValidator>();
        }
        else
        {
            ServiceRegistration.Bind<NotificationsOptions, NotificationDeliveryValidator>(builder, NotificationsOptions.Section);
        }
        services.TryAddSingleton(sp => ServiceRegistration.Value<NotificationsOptions>(sp).Outbox);
        services.TryAddSingleton<IReceiverDirectory>(sp => new ConfiguredReceivers(ServiceRegistration.Value<NotificationsOptions>(sp)));

        // No resilience handler: the worker retries with its own backoff, and a second layer would multiply attempts.
        services.AddHttpClient(IntegrationTransport.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<SmtpSender>();
        services.AddSingleton<IDeliveryTransport>(sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new IntegrationTransport(sp.GetRequiredService<IReceiverDirectory>(),
                () => factory.CreateClient(IntegrationTransport.HttpClientName), sp.GetRequiredService<SmtpSender>(),
                sp.GetRequiredService<OutboxOptions>(), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var paths = sp.GetRequiredService<ConsolePaths>();
            var dataPath = Path.GetFullPath(ServiceRegistration.Value<StorageOptions>(sp).DataPath, paths.ContentRoot);
            return new SqliteNotificationOutbox(Path.Combine(dataPath, SqliteNotificationOutbox.FileName),
                sp.GetRequiredService<OutboxOptions>(), sp.GetRequiredService<IReceiverDirectory>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SqliteNotificationOutbox>>());
        });
        services.AddSingleton<INotificationOutbox>(sp => sp.GetRequiredService<SqliteNotificationOutbox>());
        services.AddSingleton(sp => new DeliveryWorker(sp.GetRequiredService<SqliteNotificationOutbox>(),
            sp.GetRequiredService<IDeliveryTransport>(), sp.GetRequiredService<OutboxOptions>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DeliveryWorker>>()));
        services.AddHostedService<NotificationDeliveryService>();
        return builder;
    }
}
