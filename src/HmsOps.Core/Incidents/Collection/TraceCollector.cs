using System.Globalization;
using HmsOps.Core.Traces;

namespace HmsOps.Core.Incidents.Collection;

/// <summary>
/// The slowest and the failing traces of each impacted service in the incident's window, each linking to its waterfall
/// (<c>/traces/{id}</c>, which opens archived traces too). A slow trace is written when it is slower than every slow
/// trace written for that service before (so the timeline shows the latency rising, not every tick's top three);
/// failing traces until <c>FailingTraces</c> per service are written. <c>MaxTracesPerIncident</c> bounds them all.
/// </summary>
public sealed class TraceCollector(ITraceReader traces, IncidentsOptions options) : ITimelineCollector
{
    public async Task<IReadOnlyList<RecordEntry>> CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var room = options.MaxTracesPerIncident - context.Count(TimelineSource.Traces);
        if (room <= 0)
        {
            return [];
        }
        var known = context.Timeline.Where(e => e.Source == TimelineSource.Traces).Select(e => e.Ref).ToHashSet(StringComparer.Ordinal);
        var entries = new List<RecordEntry>();
        foreach (var service in context.Incident.Services)
        {
            var found = await traces.SearchAsync(new TraceQuery(context.From, context.To, service, Limit: TraceQuery.MaxLimit), cancellationToken).ConfigureAwait(false);
            // The floor is the slowest trace already on the timeline for this service, read back from the timeline
            // itself (no per-incident memory to bound, and the same after a restart).
            var written = Written(context, "Slowest trace", service).Select(e => e.Ref).ToHashSet(StringComparer.Ordinal);
            var floor = found.Where(t => written.Contains(t.TraceId)).Select(t => t.DurationMicros).DefaultIfEmpty(0).Max();
            foreach (var slow in found.Where(t => t.DurationMicros > floor && !known.Contains(t.TraceId)).OrderByDescending(t => t.DurationMicros).Take(options.SlowestTraces))
            {
                entries.Add(Entry(service, slow, "Slowest trace"));
            }
            var failingWritten = Written(context, "Failing trace", service).Count();
            foreach (var failing in found.Where(t => t.ErrorCount > 0 && !known.Contains(t.TraceId)).OrderBy(t => t.StartUnixMicros).Take(Math.Max(0, options.FailingTraces - failingWritten)))
            {
                entries.Add(Entry(service, failing, "Failing trace"));
            }
        }
        return entries.DistinctBy(e => e.Ref).OrderBy(e => e.At).Take(room).ToList();
    }

    private static IEnumerable<TimelineEntry> Written(CollectionContext context, string what, string service) =>
        context.Timeline.Where(e => e.Source == TimelineSource.Traces && e.Text.StartsWith($"{what} on {service}:", StringComparison.Ordinal));

    private static RecordEntry Entry(string service, TraceSummary trace, string what)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(trace.StartUnixMicros / 1000);
        var errors = trace.ErrorCount > 0 ? string.Create(CultureInfo.InvariantCulture, $", {trace.ErrorCount} failed span(s)") : "";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{what} on {service}: {trace.RootService} {trace.RootName} took {trace.DurationMicros / 1000.0:0} ms ({trace.SpanCount} spans{errors})");
        return new RecordEntry(TimelineSource.Traces, IncidentMachine.ConsoleActor, text, $"/traces/{trace.TraceId}", trace.TraceId, at);
    }
}
