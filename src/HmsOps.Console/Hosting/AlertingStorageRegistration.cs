using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Silences;
using HmsOps.Core.Alerting.Storage;
using HmsOps.Core.Storage;

namespace HmsOps.Console.Hosting;

/// <summary>
/// Acknowledgements and silences persisted in <c>{Storage:DataPath}/alerting.db</c>; the AlertBook and SilenceStore
/// factories pick them up through <see cref="IServiceProvider.GetService"/>.
/// </summary>
public static class AlertingStorageRegistration
{
    public static IServiceCollection AddAlertingStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var dataPath = Path.GetFullPath(ServiceRegistration.Value<StorageOptions>(sp).DataPath,
                sp.GetRequiredService<ConsolePaths>().ContentRoot);
            return new SqliteAlertingStore(Path.Combine(dataPath, SqliteAlertingStore.FileName));
        });
        services.AddSingleton<IAcknowledgementStore>(sp => sp.GetRequiredService<SqliteAlertingStore>());
        services.AddSingleton<ISilenceRepository>(sp => sp.GetRequiredService<SqliteAlertingStore>());
        return services;
    }
}
