namespace HmsOps.Core.Notifications.Dispatch;

/// <summary>
/// What was last notified for one group to one receiver (Alertmanager's nflog entry): the dispatcher compares the
/// group's current firing and resolved sets with it, so a restart neither pages twice nor forgets a resolve.
/// </summary>
public sealed record NotificationLogEntry(
    string GroupKey,
    string Receiver,
    IReadOnlyList<string> Firing,
    IReadOnlyList<string> Resolved,
    DateTimeOffset NotifiedAt,
    DateTimeOffset ExpiresAt);

public interface INotificationLog
{
    NotificationLogEntry? Find(string groupKey, string receiver);

    /// <summary>Replaces the entries' (group, receiver) entries in one durable write (one per dispatcher tick).</summary>
    void Record(IReadOnlyList<NotificationLogEntry> entries);
}
