using HmsOps.Core.Audit;
using HmsOps.Core.Storage;

namespace HmsOps.Console.Hosting;

public static class AuditRegistration
{
    /// <summary>The hash-chained audit log in <c>audit.db</c> under Storage:DataPath.</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services, ConsolePaths paths)
    {
        services.AddSingleton(sp => new SqliteAuditLog(
            Path.Combine(Path.GetFullPath(ServiceRegistration.Value<StorageOptions>(sp).DataPath, paths.ContentRoot), SqliteAuditLog.FileName),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<SqliteAuditLog>());
        return services;
    }
}
