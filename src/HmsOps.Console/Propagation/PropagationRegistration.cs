using HmsOps.Core.Notifications.Receivers;

namespace HmsOps.Console.Propagation;

public static class PropagationRegistration
{
    /// <summary>
    /// Every HttpClient the console makes through IHttpClientFactory forwards the trace (the Prometheus source, for one),
    /// except the notification receivers': PagerDuty, Slack, mail relays and webhooks are outside parties that gain
    /// nothing from the console's trace ids.
    /// </summary>
    public static IServiceCollection AddTracePropagation(this IServiceCollection services)
    {
        services.AddTransient<TracePropagationHandler>();
        services.ConfigureHttpClientDefaults(builder => builder.AddHttpMessageHandler<TracePropagationHandler>());
        services.AddHttpClient(IntegrationTransport.HttpClientName)
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
            {
                for (var i = handlers.Count - 1; i >= 0; i--)
                {
                    if (handlers[i] is TracePropagationHandler)
                    {
                        handlers.RemoveAt(i);
                    }
                }
            });
        return services;
    }

    /// <summary>Before the request log, so it is written inside the linked trace.</summary>
    public static IApplicationBuilder UseTraceContext(this IApplicationBuilder app) => app.UseMiddleware<TraceContextMiddleware>();
}
