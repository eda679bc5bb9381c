using HmsOps.Core.Logs;
using HmsOps.Core.Storage;
using HmsOps.Core.Traces;
using HmsOps.Core.Traces.Waterfall;

namespace HmsOps.Console.Hosting;

public static class TelemetryReadRegistration
{
    /// <summary>Trace and log reads (pages and APIs) and the feed that tells them about new rows.</summary>
    public static IServiceCollection AddTelemetryReads(this IServiceCollection services)
    {
        services.AddSingleton(sp => new TelemetryFeed(sp.GetRequiredService<EmbeddedStore>().Pipeline));
        services.AddSingleton<SqliteTelemetryReader>();
        services.AddSingleton<ITraceReader>(sp => sp.GetRequiredService<SqliteTelemetryReader>());
        services.AddSingleton<ILogReader>(sp => sp.GetRequiredService<SqliteTelemetryReader>());
        services.AddSingleton<TracePrefetch>();
        return services;
    }
}
