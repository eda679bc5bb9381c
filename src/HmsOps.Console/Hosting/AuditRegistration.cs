using HmsOps.Core.Audit;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Hosting;

public static class AuditRegistration
{
    /// <summary>The hash-chained audit log in <c>audit.db</c> under Storage:DataPath, and the bounds on reading it (<c>Audit</c>).</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuditOptions>>().Value);
        services.AddSingleton(sp => new SqliteAuditLog(ServiceRegistration.DataFile(sp, SqliteAuditLog.FileName), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<SqliteAuditLog>());
        return services;
    }
}
