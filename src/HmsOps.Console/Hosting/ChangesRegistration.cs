using HmsOps.Core.Alerting;
using HmsOps.Core.Changes;
using HmsOps.Core.Changes.Aftermath;
using HmsOps.Core.Changes.Canary;
using HmsOps.Core.Changes.Storage;
using HmsOps.Core.Demo;
using HmsOps.Core.Deployments;
using HmsOps.Core.Notifications.Delivery;
using HmsOps.Kubernetes;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Hosting;

/// <summary>
/// Guarded changes in the console: the deployment provider (<c>Deployments:Provider</c>), <c>changes.db</c>,
/// <c>audit.db</c>, the change service and its worker (expiry, canary analysis, recovery), and what follows an
/// executed change (incident-channel note, mitigation of the linked alert).
/// </summary>
public static class ChangesRegistration
{
    public static WebApplicationBuilder AddChanges(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        ServiceRegistration.Bind<ChangesOptions, ChangesOptionsValidator>(builder, ChangesOptions.Section);
        services.AddSingleton<IValidateOptions<ChangesOptions>, IncidentChannelValidator>();
        BindDeployments(builder);
        services.AddSingleton<IValidateOptions<DeploymentOptions>, KubernetesConnectionCheck>();

        services.AddSingleton<IDeploymentProvider>(sp =>
        {
            var options = ServiceRegistration.Value<DeploymentOptions>(sp);
            var time = sp.GetRequiredService<TimeProvider>();
            return options.Provider == DeploymentProviderKind.Kubernetes
                ? KubernetesDeploymentProvider.Create(options, time)
                : new DemoFleetProvider(sp.GetRequiredService<DemoFleetState>(), ServiceRegistration.Value<DemoOptions>(sp), options, time);
        });
        services.AddSingleton<IChangeExecutor, DeploymentChangeExecutor>();

        // IAuditLog (audit.db) is registered once, by AddAuditLog, before this.
        services.AddSingleton(sp => new SqliteChangeStore(ServiceRegistration.DataFile(sp, SqliteChangeStore.FileName), ServiceRegistration.Value<ChangesOptions>(sp).MaxHistory));
        services.AddSingleton(sp => new ChangeMachine(ServiceRegistration.Value<ChangesOptions>(sp)));
        services.AddSingleton<ChangeService>();
        services.AddSingleton<ICanaryAnalyzer, MetricsCanaryAnalyzer>();
        services.AddHostedService<ChangeWorker>();

        services.AddSingleton(sp => new ChangeAftermath(sp.GetRequiredService<ChangeService>(), sp.GetRequiredService<IDeploymentProvider>(),
            sp.GetRequiredService<SqliteNotificationOutbox>(), sp.GetRequiredService<IReceiverDirectory>(), sp.GetRequiredService<AlertBook>(),
            ServiceRegistration.Value<ChangesOptions>(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ChangeAftermath>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ChangeAftermath>());
        return builder;
    }

    /// <summary>
    /// Like <see cref="ServiceRegistration.Bind{T, TValidator}"/>, except that <c>Provider</c> is parsed here: the binder
    /// throws on an unknown enum name (a stack trace), where a typo should be one line naming the key. An unknown name
    /// becomes an undefined value, which <see cref="DeploymentOptionsValidator"/> reports with the names it accepts.
    /// </summary>
    private static void BindDeployments(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DeploymentOptions>().Configure(options =>
        {
            var section = builder.Configuration.GetSection(DeploymentOptions.Section);
            var provider = section[nameof(DeploymentOptions.Provider)];
            var rest = section.AsEnumerable(makePathsRelative: true)
                .Where(pair => pair.Value is not null && !string.Equals(pair.Key, nameof(DeploymentOptions.Provider), StringComparison.OrdinalIgnoreCase));
            new ConfigurationBuilder().AddInMemoryCollection(rest).Build().Bind(options);
            if (!string.IsNullOrWhiteSpace(provider))
            {
                options.Provider = Enum.TryParse<DeploymentProviderKind>(provider, ignoreCase: true, out var kind) && !int.TryParse(provider, out _)
                    ? kind
                    : (DeploymentProviderKind)(-1);
            }
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeploymentOptions>, DeploymentOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DeploymentOptions>>().Value);
    }
}

/// <summary><c>Changes:IncidentChannelReceiver</c> must name a configured receiver that has a Slack config.</summary>
public sealed class IncidentChannelValidator(IReceiverDirectory receivers) : IValidateOptions<ChangesOptions>
{
    public ValidateOptionsResult Validate(string? name, ChangesOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.IncidentChannelReceiver))
        {
            return ValidateOptionsResult.Success;
        }
        var key = $"{ChangesOptions.Section}:IncidentChannelReceiver";
        return receivers.Find(options.IncidentChannelReceiver) switch
        {
            null => ValidateOptionsResult.Fail($"{key}: receiver '{options.IncidentChannelReceiver}' does not exist in Notifications:Receivers"),
            { SlackConfigs.Count: 0 } => ValidateOptionsResult.Fail($"{key}: receiver '{options.IncidentChannelReceiver}' has no SlackConfigs to post the note to"),
            _ => ValidateOptionsResult.Success,
        };
    }
}
