using HmsOps.Console.Hosting;
using HmsOps.Core.Metrics;
using HmsOps.Core.Metrics.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Live;

public static class LiveRegistration
{
    public const string HubPath = "/hubs/metrics";

    /// <summary>
    /// The shared live-query scheduler (over whichever <see cref="IMetricsSource"/> is registered), its bounds
    /// (section <c>Live</c>, validated at start) and the public SignalR hub's subscriptions.
    /// </summary>
    public static WebApplicationBuilder AddLiveQueries(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LiveOptions>().Bind(builder.Configuration.GetSection(LiveOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiveOptions>>(sp => sp.GetRequiredService<OptionsValidators>());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LiveOptions>>().Value);

        // Created on first use (a hub Subscribe or a page), so the console starts whatever the source's state.
        services.AddSingleton<LiveSchedulerLifetime>();
        services.AddSingleton(sp => sp.GetRequiredService<LiveSchedulerLifetime>().Track(ActivatorUtilities.CreateInstance<LiveQueryScheduler>(sp)));
        services.AddSingleton<ILiveQueryScheduler>(sp => sp.GetRequiredService<LiveQueryScheduler>());
        services.AddHostedService(sp => sp.GetRequiredService<LiveSchedulerLifetime>());
        services.AddSingleton(sp => new HubSubscriptions(
            new Lazy<ILiveQueryScheduler>(sp.GetRequiredService<ILiveQueryScheduler>),
            sp.GetRequiredService<Microsoft.AspNetCore.SignalR.IHubContext<MetricsHub>>(),
            sp.GetRequiredService<LiveOptions>()));
        services.AddSignalR();
        return builder;
    }

    /// <summary>The hub at <see cref="HubPath"/>, and the scheduler's gauges on /metrics.</summary>
    public static IEndpointConventionBuilder MapLiveQueries(this IEndpointRouteBuilder endpoints)
    {
        LiveMetrics.Register(endpoints.ServiceProvider);
        return endpoints.MapHub<MetricsHub>(HubPath);
    }
}

/// <summary>Stops every live query's timer when the console stops, before the stores close under them.</summary>
internal sealed class LiveSchedulerLifetime : IHostedService
{
    private LiveQueryScheduler? _scheduler;

    /// <summary>The scheduler, once something has used it.</summary>
    public LiveQueryScheduler? Scheduler => Volatile.Read(ref _scheduler);

    public LiveQueryScheduler Track(LiveQueryScheduler scheduler)
    {
        Volatile.Write(ref _scheduler, scheduler);
        return scheduler;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Scheduler?.Dispose();
        return Task.CompletedTask;
    }
}
