namespace HmsOps.Core.Notifications.Delivery;

/// <summary>
/// The receivers in force, by name. The default reads <see cref="NotificationsOptions.Receivers"/>; a loader of
/// Alertmanager-style YAML registers its own so the outbox and the worker see the same receivers as the router.
/// </summary>
public interface IReceiverDirectory
{
    ReceiverOptions? Find(string name);

    /// <summary>The console's own URL for links back (Alertmanager's externalURL).</summary>
    string ExternalUrl { get; }
}

/// <summary>Receivers from the <c>Notifications</c> section.</summary>
public sealed class ConfiguredReceivers(NotificationsOptions options) : IReceiverDirectory
{
    public ReceiverOptions? Find(string name) =>
        options.Receivers.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    public string ExternalUrl => options.ExternalUrl;
}
