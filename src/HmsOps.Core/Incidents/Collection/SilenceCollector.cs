using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Silences;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Incidents.Collection;

/// <summary>Silences that mute one of the incident's alerts, created or ended during its window.</summary>
public sealed class SilenceCollector(SilenceStore silences, AlertBook alerts) : ITimelineCollector
{
    public Task<IReadOnlyList<RecordEntry>> CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var labels = context.Incident.AlertFingerprints.Select(fp => alerts.Find(fp)?.Labels).OfType<LabelSet>().ToList();
        var entries = new List<RecordEntry>();
        foreach (var silence in silences.All().Where(s => labels.Any(s.Matches)))
        {
            const string link = "/alerts/silences";
            if (silence.StartsAt >= context.From && silence.StartsAt <= context.To)
            {
                var comment = string.IsNullOrWhiteSpace(silence.Comment) ? "" : $": {silence.Comment}";
                entries.Add(new RecordEntry(TimelineSource.Silence, silence.CreatedBy,
                    $"Silence {silence.MatchersText} by {silence.CreatedBy} until {PostmortemGenerator.Time(silence.EndsAt)}{comment}", link, silence.Id, silence.StartsAt));
            }
            if (silence.EndsAt >= context.From && silence.EndsAt <= context.To && silence.EndsAt <= context.Now)
            {
                entries.Add(new RecordEntry(TimelineSource.Silence, IncidentMachine.ConsoleActor, $"Silence {silence.MatchersText} ended", link, silence.Id, silence.EndsAt));
            }
        }
        return Task.FromResult<IReadOnlyList<RecordEntry>>(entries);
    }
}
