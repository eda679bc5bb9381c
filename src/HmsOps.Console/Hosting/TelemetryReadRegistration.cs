using HmsOps.Core.Archive;
using HmsOps.Core.Logs;
using HmsOps.Core.Storage;
using HmsOps.Core.Traces;
using HmsOps.Core.Traces.Waterfall;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Hosting;

public static class TelemetryReadRegistration
{
    /// <summary>Trace and log reads (pages and APIs) and the feed that tells them about new rows.</summary>
    public static IServiceCollection AddTelemetryReads(this IServiceCollection services)
    {
        services.AddSingleton(sp => new TelemetryFeed(sp.GetRequiredService<EmbeddedStore>().Pipeline));
        // The archive and the retention window come from AddTelemetryRetention; a container without them (a test's)
        // reads the hot store only.
        services.AddSingleton(sp => new SqliteTelemetryReader(sp.GetRequiredService<SqliteTelemetryStore>(), sp.GetRequiredService<TelemetryFeed>(),
            sp.GetService<TelemetryArchive>(), sp.GetService<IOptions<RetentionOptions>>()?.Value ?? new RetentionOptions(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<ITraceReader>(sp => sp.GetRequiredService<SqliteTelemetryReader>());
        services.AddSingleton<ILogReader>(sp => sp.GetRequiredService<SqliteTelemetryReader>());
        services.AddSingleton<TracePrefetch>();
        return services;
    }
}
