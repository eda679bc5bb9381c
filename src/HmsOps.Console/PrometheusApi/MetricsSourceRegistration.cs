using HmsOps.Core.Metrics;
using HmsOps.Core.Metrics.Api;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Prometheus;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.PrometheusApi;

public static class MetricsSourceRegistration
{
    /// <summary>
    /// The console's <see cref="IMetricsSource"/> chosen by <c>Metrics:Source</c> (Embedded by default, or Prometheus), the
    /// embedded source also under <see cref="MetricsSourceKeys.Embedded"/> for the Prometheus-compatible API, and that API.
    /// </summary>
    public static IServiceCollection AddMetricsSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp => new EmbeddedMetricsSource(sp.GetRequiredService<TimeSeriesStore>(), sp.GetRequiredService<MetricsOptions>()));
        services.AddKeyedSingleton<IMetricsSource>(MetricsSourceKeys.Embedded, (sp, _) => sp.GetRequiredService<EmbeddedMetricsSource>());
        // Read leniently here: a bad value is reported, with every other error, by the options validation at start.
        var configured = configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.Source)}"];
        if (Enum.TryParse<MetricsSourceKind>(configured, ignoreCase: true, out var kind) && kind == MetricsSourceKind.Prometheus)
        {
            services.AddPrometheusMetricsSource(sp => sp.GetRequiredService<IOptions<MetricsOptions>>().Value.Prometheus);
            services.AddSingleton<IMetricsSource>(sp => sp.GetRequiredService<PrometheusMetricsSource>());
        }
        else
        {
            services.AddSingleton<IMetricsSource>(sp => sp.GetRequiredKeyedService<IMetricsSource>(MetricsSourceKeys.Embedded));
        }
        services.AddSingleton(sp => new PrometheusQueryApi(
            sp.GetRequiredKeyedService<IMetricsSource>(MetricsSourceKeys.Embedded),
            sp.GetRequiredService<TimeSeriesStore>().Metadata,
            sp.GetRequiredService<MetricsOptions>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
