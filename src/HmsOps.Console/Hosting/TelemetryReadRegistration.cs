using HmsOps.Core.Archive;
using HmsOps.Core.Logs;
using HmsOps.Core.Storage;
using HmsOps.Core.Traces;

namespace HmsOps.Console.Hosting;

public static class TelemetryReadRegistration
{
    /// <summary>Trace and log reads (pages and APIs) and the feed that tells them about new rows.</summary>
    public static IServiceCollection AddTelemetryReads(this IServiceCollection services)
    {
        services.AddSingleton(sp => new TelemetryFeed(sp.GetRequiredService<EmbeddedStore>().Pipeline));
        services.AddSingleton(sp => new SqliteTelemetryReader(sp.GetRequiredService<SqliteTelemetryStore>(), sp.GetRequiredService<TelemetryFeed>(),
            sp.GetRequiredService<TelemetryArchive>(), ServiceRegistration.Value<RetentionOptions>(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITraceReader>(sp => sp.GetRequiredService<SqliteTelemetryReader>());
        services.AddSingleton<ILogReader>(sp => sp.GetRequiredService<SqliteTelemetryReader>());
        return services;
    }
}
