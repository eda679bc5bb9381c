using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Silences;
using HmsOps.Core.Changes;
using HmsOps.Core.Incidents;
using HmsOps.Core.Incidents.Collection;
using HmsOps.Core.Incidents.Storage;
using HmsOps.Core.Logs;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.Notifications.Delivery;
using HmsOps.Core.Traces;

namespace HmsOps.Console.Hosting;

/// <summary>
/// Incidents: <c>incidents.db</c> under Storage:DataPath (outside the telemetry hot window), the service, the writer
/// that follows alerts and changes, and the collectors that look at notifications, silences, logs and traces.
/// </summary>
public static class IncidentsRegistration
{
    public static WebApplicationBuilder AddIncidents(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        ServiceRegistration.Bind<IncidentsOptions, IncidentsOptionsValidator>(builder, IncidentsOptions.Section);
        services.AddSingleton<IIncidentStore>(sp =>
            new SqliteIncidentStore(ServiceRegistration.DataFile(sp, SqliteIncidentStore.FileName), ServiceRegistration.Value<IncidentsOptions>(sp).MaxTimelineEntries));
        services.AddSingleton<IIncidentImpactSource>(sp => new MetricsIncidentImpact(sp.GetRequiredService<IMetricsSource>(), ServiceRegistration.Value<IncidentsOptions>(sp)));
        services.AddSingleton(sp => new PostmortemGenerator(ServiceRegistration.Value<IncidentsOptions>(sp), sp.GetRequiredService<IIncidentImpactSource>()));
        services.AddSingleton<IncidentService>();

        services.AddSingleton<ITimelineCollector>(sp => new NotificationCollector(sp.GetRequiredService<SqliteNotificationOutbox>()));
        services.AddSingleton<ITimelineCollector>(sp => new SilenceCollector(sp.GetRequiredService<SilenceStore>(), sp.GetRequiredService<AlertBook>()));
        services.AddSingleton<ITimelineCollector>(sp => new LogSpikeCollector(sp.GetRequiredService<ILogReader>(), ServiceRegistration.Value<IncidentsOptions>(sp)));
        services.AddSingleton<ITimelineCollector>(sp => new TraceCollector(sp.GetRequiredService<ITraceReader>(), ServiceRegistration.Value<IncidentsOptions>(sp)));

        services.AddSingleton(sp => new IncidentEventWriter(sp.GetRequiredService<AlertBook>(), sp.GetRequiredService<IncidentService>(),
            sp.GetRequiredService<ILogger<IncidentEventWriter>>(), sp.GetRequiredService<ChangeService>()));
        services.AddHostedService(sp => sp.GetRequiredService<IncidentEventWriter>());
        services.AddSingleton(sp =>
        {
            var worker = ActivatorUtilities.CreateInstance<IncidentCollectorWorker>(sp);
            // A delivery result or a silence should reach the timeline now, not at the next interval.
            sp.GetRequiredService<SqliteNotificationOutbox>().Subscribe(() => { worker.Wake(); return Task.CompletedTask; });
            sp.GetRequiredService<SilenceStore>().Subscribe(() => { worker.Wake(); return Task.CompletedTask; });
            return worker;
        });
        services.AddHostedService(sp => sp.GetRequiredService<IncidentCollectorWorker>());
        return builder;
    }
}
