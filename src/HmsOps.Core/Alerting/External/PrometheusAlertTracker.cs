namespace HmsOps.Core.Alerting.External;

/// <summary>
/// Turns successive polls of Prometheus's <c>/api/v1/alerts</c> (which lists only pending and firing alerts) into
/// reports for the book: what is listed, plus a resolution for every alert the previous successful poll listed and
/// this one does not. A failed poll changes nothing, so the last known alerts stay as they were.
/// </summary>
public sealed class PrometheusAlertTracker
{
    private Dictionary<string, ConsoleAlert> _listed = new(StringComparer.Ordinal);

    /// <summary>Alerts the last successful poll listed.</summary>
    public int Listed => _listed.Count;

    /// <param name="listed">The poll's pending and firing alerts.</param>
    /// <param name="now">When the poll answered: the resolution time of alerts that vanished.</param>
    public IReadOnlyList<ConsoleAlert> Polled(IReadOnlyList<ConsoleAlert> listed, DateTimeOffset now)
    {
        var next = new Dictionary<string, ConsoleAlert>(StringComparer.Ordinal);
        foreach (var alert in listed)
        {
            next[alert.Fingerprint] = alert;
        }
        var report = new List<ConsoleAlert>(next.Values);
        foreach (var (fingerprint, gone) in _listed)
        {
            if (!next.ContainsKey(fingerprint))
            {
                report.Add(gone with { State = AlertState.Inactive, ResolvedAt = now, UpdatedAt = now });
            }
        }
        _listed = next;
        return report;
    }
}
