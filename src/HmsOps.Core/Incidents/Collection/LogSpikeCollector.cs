using System.Globalization;
using HmsOps.Core.Logs;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Incidents.Collection;

/// <summary>
/// Error-log spikes of the impacted services: a finished minute in the incident's window whose error (and fatal) logs
/// number at least <c>SpikeMinErrors</c> and <c>SpikeFactor</c> times the per-minute average of the
/// <c>SpikeBaselineWindow</c> before the window. Each spike links to the Logs page filtered to that service, level and minute.
/// Counting reads at most <see cref="LogQuery.MaxLimit"/> logs per look, newest first: a flood undercounts its oldest
/// minutes, which still leaves them above any sensible threshold.
/// </summary>
public sealed class LogSpikeCollector(ILogReader logs, IncidentsOptions options) : ITimelineCollector
{
    /// <summary>Each look covers at most this much of the window (the latest part); older minutes were looked at before.</summary>
    public static TimeSpan LookBack { get; } = TimeSpan.FromMinutes(30);

    private static readonly IReadOnlyList<LogLevel> ErrorLevels = [LogLevel.Error, LogLevel.Fatal];

    public async Task<IReadOnlyList<RecordEntry>> CollectAsync(CollectionContext context, CancellationToken cancellationToken)
    {
        var room = options.MaxSpikesPerIncident - context.Count(TimelineSource.Logs);
        var end = Minute(context.To);
        var start = Minute(Max(context.From, end - LookBack));
        if (room <= 0 || end <= start)
        {
            return [];
        }
        var entries = new List<RecordEntry>();
        foreach (var service in context.Incident.Services)
        {
            var baseline = await PerMinuteAsync(service, context.From - options.SpikeBaselineWindow, context.From, cancellationToken).ConfigureAwait(false);
            var average = baseline.Values.Sum() / options.SpikeBaselineWindow.TotalMinutes;
            var threshold = Math.Max(options.SpikeMinErrors, options.SpikeFactor * average);
            var recent = await PerMinuteAsync(service, start, end, cancellationToken).ConfigureAwait(false);
            foreach (var (minute, count) in recent.Where(m => m.Value >= threshold).OrderBy(m => m.Key))
            {
                var baselineText = average > 0 ? string.Create(CultureInfo.InvariantCulture, $"baseline {average:0.#}/min") : "baseline 0/min";
                var from = LogSearchState.FormatMinute(minute);
                var to = LogSearchState.FormatMinute(minute.AddMinutes(1));
                entries.Add(new RecordEntry(TimelineSource.Logs, IncidentMachine.ConsoleActor,
                    $"Error-log spike on {service}: {count} errors in the minute from {PostmortemGenerator.Time(minute)} ({baselineText})",
                    $"/logs?service={Uri.EscapeDataString(service)}&level=error&from={from}&to={to}",
                    $"logs:{service}:{from}", minute));
            }
        }
        return entries.OrderBy(e => e.At).Take(room).ToList();
    }

    private async Task<Dictionary<DateTimeOffset, int>> PerMinuteAsync(string service, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var page = await logs.QueryAsync(new LogQuery
        {
            Services = [service],
            Levels = ErrorLevels,
            From = from,
            To = to,
            Limit = LogQuery.MaxLimit,
        }, cancellationToken).ConfigureAwait(false);
        return page.Logs.Select(l => DateTimeOffset.FromUnixTimeMilliseconds(l.Log.TimestampMs))
            .Where(at => at >= from && at < to)
            .GroupBy(Minute)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    private static DateTimeOffset Minute(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, at.UtcDateTime.Day, at.UtcDateTime.Hour, at.UtcDateTime.Minute, 0, TimeSpan.Zero);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
