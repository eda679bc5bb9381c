using HmsOps.Console.Live;
using HmsOps.Console.Observability;
using HmsOps.Console.PrometheusApi;
using HmsOps.Console.Propagation;
using HmsOps.Core.Dashboards;
using HmsOps.Core.Demo;
using HmsOps.Core.Ingest;
using HmsOps.Core.Metrics;
using HmsOps.Core.Radar;
using HmsOps.Core.Storage;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace HmsOps.Console.Hosting;

public static class ServiceRegistration
{
    /// <summary>Options (validated at start), the embedded store, the demo fleet and the radar feed.</summary>
    public static WebApplicationBuilder AddHmsOps(this WebApplicationBuilder builder, ConsolePaths paths)
    {
        var services = builder.Services;
        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<OptionsValidators>();
        Bind<ConsoleOptions>(builder, ConsoleOptions.Section);
        Bind<IngestOptions>(builder, IngestOptions.Section);
        Bind<MetricsOptions>(builder, MetricsOptions.Section);
        Bind<StorageOptions>(builder, StorageOptions.Section);
        Bind<DemoOptions>(builder, DemoOptions.Section);
        Bind<RadarOptions>(builder, RadarOptions.Section);
        Bind<DashboardOptions>(builder, DashboardOptions.Section);
        builder.AddTelemetryRetention();

        services.AddSingleton<IngestStatistics>();
        services.AddSingleton(sp =>
        {
            var ingest = Value<IngestOptions>(sp);
            var metrics = Value<MetricsOptions>(sp);
            return new IngestLimits
            {
                MaxEventsPerRequest = ingest.MaxEventsPerRequest,
                MetricBackfillWindow = metrics.Retention,
                LogAndSpanBackfillWindow = TimeSpan.FromDays(Value<RetentionOptions>(sp).HotDays),
                MaxFutureSkew = ingest.MaxFutureSkew,
            };
        });
        services.AddSingleton<IngestParser>();
        services.AddSingleton(sp =>
        {
            var storage = Value<StorageOptions>(sp);
            var dataPath = Path.GetFullPath(storage.DataPath, paths.ContentRoot);
            return EmbeddedStore.Open(dataPath, storage, Value<IngestOptions>(sp), Value<MetricsOptions>(sp),
                sp.GetRequiredService<IngestStatistics>(), sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddSingleton(sp => sp.GetRequiredService<EmbeddedStore>().Metrics);
        services.AddSingleton(sp => sp.GetRequiredService<EmbeddedStore>().Sqlite);
        services.AddSingleton(sp => sp.GetRequiredService<EmbeddedStore>().Pipeline);
        services.AddTelemetryReads();
        services.AddTracePropagation();
        services.AddHostedService<StoreMaintenance>();
        services.AddMetricsSources(builder.Configuration);

        // The demo fleet's versions (persisted beside the store) bind faults to the version a service runs.
        services.AddSingleton(sp => new DemoFleetState(Value<DemoOptions>(sp),
            new DemoFleetStore(DataFile(sp, DemoFleetStore.FileName)),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DemoFleetState>>()));
        services.AddSingleton<FaultSwitch>();
        if (builder.Configuration.GetValue($"{DemoOptions.Section}:Enabled", true))
        {
            services.AddHostedService<DemoFleet>();
        }

        builder.AddLiveQueries();
        services.AddDashboards(paths);
        builder.AddAlerting();
        // One audit log for sign-ins, acknowledgements, silences and changes.
        services.AddAuditLog();
        builder.AddChanges();
        builder.AddIncidents();

        services.AddSingleton<CircuitCounter>();
        services.AddScoped<CircuitHandler, CircuitTracker>();
        services.AddMudServices();
        services.AddHealthChecks();
        return builder;
    }

    internal static void Bind<T>(WebApplicationBuilder builder, string section) where T : class
    {
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<T>>(sp => (IValidateOptions<T>)(object)sp.GetRequiredService<OptionsValidators>());
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }

    /// <summary>Binds a section validated by its own validator class (new concerns keep their checks beside them).</summary>
    internal static void Bind<T, TValidator>(WebApplicationBuilder builder, string section)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<T>, TValidator>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }

    internal static T Value<T>(IServiceProvider sp) where T : class => sp.GetRequiredService<IOptions<T>>().Value;

    /// <summary>A file in Storage:DataPath (relative paths resolve against the content root), where every database lives.</summary>
    internal static string DataFile(IServiceProvider sp, string name) =>
        Path.Combine(Path.GetFullPath(Value<StorageOptions>(sp).DataPath, sp.GetRequiredService<ConsolePaths>().ContentRoot), name);
}
