using HmsOps.Core.Dashboards;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Hosting;

public static class DashboardRegistration
{
    /// <summary>The dashboards folder (<c>Dashboards:Path</c>, relative to the content root) read and watched by one catalog.</summary>
    public static IServiceCollection AddDashboards(this IServiceCollection services, ConsolePaths paths)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DashboardOptions>>().Value;
            return new DashboardCatalog(Path.GetFullPath(options.Path, paths.ContentRoot), options,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DashboardCatalog>>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<DashboardCatalog>());
        return services;
    }
}
