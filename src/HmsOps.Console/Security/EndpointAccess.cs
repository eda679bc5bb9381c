namespace HmsOps.Console.Security;

/// <summary>Marks the endpoints that answer without sign-in; everything else falls under the sign-in fallback policy.</summary>
public static class EndpointAccess
{
    /// <summary>Open only when configuration says so (<see cref="AuthOptions.OpenMetrics"/>, <see cref="AuthOptions.OpenPrometheusApi"/>).</summary>
    public static TBuilder AllowAnonymousWhen<TBuilder>(this TBuilder builder, bool open) where TBuilder : IEndpointConventionBuilder =>
        open ? builder.AllowAnonymous() : builder;

    /// <summary>Whether the Prometheus-compatible API and the live-query hub are open (read after options are validated).</summary>
    public static bool PrometheusApiOpen(IServiceProvider services) => services.GetRequiredService<AuthOptions>().OpenPrometheusApi;
}
