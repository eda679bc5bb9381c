using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace HmsOps.Prometheus;

/// <summary>Builds the generated <see cref="IPrometheusApi"/> client without dependency injection (the CLI, tests).</summary>
public static class PrometheusApiClient
{
    /// <summary>
    /// Settings that read JSON through <see cref="PrometheusJsonContext"/> only (no reflection) and throw
    /// <see cref="PrometheusApiException"/> for error replies.
    /// </summary>
    public static RefitSettings CreateSettings()
    {
        var settings = new RefitSettings(SystemTextJsonContentSerializer.ForContext(PrometheusJsonContext.Default));
        settings.ExceptionFactory = response => PrometheusApiException.FromResponseAsync(response, settings);
        return settings;
    }

    /// <param name="httpClient">Its <see cref="HttpClient.BaseAddress"/> is the Prometheus server, e.g. <c>http://127.0.0.1:9090</c>.</param>
    public static IPrometheusApi Create(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return RestService.ForGenerated<IPrometheusApi>(httpClient, CreateSettings());
    }
}

public static class PrometheusServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IPrometheusApi"/> as a typed HttpClientFactory client of the Prometheus server at <paramref name="baseAddress"/>.</summary>
    public static IHttpClientBuilder AddPrometheusApi(this IServiceCollection services, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        return services.AddPrometheusApi((_, client) => client.BaseAddress = baseAddress);
    }

    /// <summary>Registers <see cref="IPrometheusApi"/>; <paramref name="configureClient"/> sets the base address (from options, say) and timeouts.</summary>
    public static IHttpClientBuilder AddPrometheusApi(this IServiceCollection services, Action<IServiceProvider, HttpClient> configureClient)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureClient);
        return services
            .AddRefitGeneratedClient<IPrometheusApi>(PrometheusJsonContext.Default, _ => PrometheusApiClient.CreateSettings())
            .ConfigureHttpClient(configureClient);
    }
}
