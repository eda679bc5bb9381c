namespace HmsOps.Core.Alerting.External;

/// <summary>
/// The one door through which Alertmanager's webhook and the Prometheus poller write to the <see cref="AlertBook"/>:
/// each report is merged with the book's current alert (<see cref="ExternalAlertMerge"/>) under one lock, so the
/// two paths cannot interleave between reading and writing, and a whole report is stored in one
/// <see cref="AlertBook.Upsert"/> (all of it or, when the book is full, the part it has room for).
/// </summary>
public sealed class ExternalAlertIntake(AlertBook book)
{
    public const string AlertmanagerScope = "alertmanager";
    public const string PrometheusScope = "prometheus";

    private readonly Lock _gate = new();

    public AlertBook Book => book;

    /// <summary>Merges and stores the report; returns how many alerts it changed or added.</summary>
    public int Report(string scope, IReadOnlyList<ConsoleAlert> alerts)
    {
        lock (_gate)
        {
            var merged = new Dictionary<string, ConsoleAlert>(StringComparer.Ordinal);
            foreach (var alert in alerts)
            {
                var current = merged.GetValueOrDefault(alert.Fingerprint) ?? book.Find(alert.Fingerprint);
                if (ExternalAlertMerge.Merge(current, alert) is { } next)
                {
                    merged[alert.Fingerprint] = next;
                }
            }
            if (merged.Count > 0)
            {
                book.Upsert(scope, merged.Values.ToList());
            }
            return merged.Count;
        }
    }
}
