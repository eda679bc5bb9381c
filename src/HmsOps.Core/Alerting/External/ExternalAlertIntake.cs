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

    /// <summary>
    /// Successive polls, all taken after a resolution, that must still list the alert as active before the poll
    /// overrules the resolution. One such poll may be stale (asked before Prometheus dropped the alert, answered
    /// after the webhook); three in a row mean Prometheus holds it active now — typically Alertmanager resolved it
    /// because Prometheus was down and stopped re-sending, and the restarted Prometheus restored the alert's state.
    /// </summary>
    public const int PollsToOverruleResolution = 3;

    private readonly Lock _gate = new();

    // Per resolved alert: how many polls in a row have contradicted its resolution. Bounded by the poll's own
    // alert limit: an entry lives only while the poll keeps listing that alert.
    private Dictionary<string, int> _contradictions = new(StringComparer.Ordinal);

    public AlertBook Book => book;

    /// <summary>Merges and stores the report; returns how many alerts it changed or added.</summary>
    public int Report(string scope, IReadOnlyList<ConsoleAlert> alerts)
    {
        lock (_gate)
        {
            var merged = new Dictionary<string, ConsoleAlert>(StringComparer.Ordinal);
            var contradictions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var alert in alerts)
            {
                var current = merged.GetValueOrDefault(alert.Fingerprint) ?? book.Find(alert.Fingerprint);
                if (ExternalAlertMerge.Merge(current, alert) is { } next)
                {
                    merged[alert.Fingerprint] = next;
                }
                else if (scope == PrometheusScope && ExternalAlertMerge.ContradictsResolution(current, alert))
                {
                    var count = _contradictions.GetValueOrDefault(alert.Fingerprint) + 1;
                    if (count >= PollsToOverruleResolution)
                    {
                        merged[alert.Fingerprint] = ExternalAlertMerge.Revive(current!, alert);
                    }
                    else
                    {
                        contradictions[alert.Fingerprint] = count;
                    }
                }
            }
            if (scope == PrometheusScope)
            {
                _contradictions = contradictions;
            }
            if (merged.Count > 0)
            {
                book.Upsert(scope, merged.Values.ToList());
            }
            return merged.Count;
        }
    }
}
