using HmsOps.Core.Archive;
using HmsOps.Core.Storage;

namespace HmsOps.Console.Hosting;

public static class TelemetryRetentionRegistration
{
    /// <summary>
    /// <c>Retention</c> (the hot window) and <c>Archive</c> (the nightly job that moves older logs and spans to
    /// <c>Archive:Path</c>, and the reader the trace and log reads fall back to).
    /// </summary>
    public static WebApplicationBuilder AddTelemetryRetention(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        ServiceRegistration.Bind<RetentionOptions, RetentionOptionsValidator>(builder, RetentionOptions.Section);
        // Storage:HotDays came first; a configuration that still sets only it keeps working.
        var configuration = builder.Configuration;
        services.PostConfigure<RetentionOptions>(options =>
        {
            if (configuration[$"{RetentionOptions.Section}:{nameof(RetentionOptions.HotDays)}"] is null
                && configuration.GetSection(StorageOptions.Section).GetValue<int?>(nameof(StorageOptions.HotDays)) is { } legacy)
            {
                options.HotDays = legacy;
            }
        });
        ServiceRegistration.Bind<ArchiveOptions, ArchiveOptionsValidator>(builder, ArchiveOptions.Section);

        services.AddSingleton(sp =>
        {
            var paths = sp.GetRequiredService<ConsolePaths>();
            var archive = ServiceRegistration.Value<ArchiveOptions>(sp);
            var dataPath = Path.GetFullPath(ServiceRegistration.Value<StorageOptions>(sp).DataPath, paths.ContentRoot);
            return new TelemetryArchive(string.IsNullOrWhiteSpace(archive.Path)
                ? Path.Combine(dataPath, "archive")
                : Path.GetFullPath(archive.Path, paths.ContentRoot));
        });
        services.AddSingleton(sp => new TelemetryArchiver(sp.GetRequiredService<SqliteTelemetryStore>(),
            sp.GetRequiredService<TelemetryArchive>().ArchivePath, ServiceRegistration.Value<RetentionOptions>(sp),
            sp.GetRequiredService<ILogger<TelemetryArchiver>>()));
        services.AddHostedService<ArchiveJob>();
        return builder;
    }
}
