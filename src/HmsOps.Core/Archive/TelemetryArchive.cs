using HmsOps.Core.Logs;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Archive;

/// <summary>
/// Reads what the archiver wrote: only days with a manifest (a finished run) are seen. Slower than the hot store by
/// design: a trace lookup reads one span partition per archived day, a log search reads the log file of each day the
/// window touches, newest day first, stopping once a page is full.
/// </summary>
public sealed class TelemetryArchive(string archivePath)
{
    public string ArchivePath { get; } = archivePath;

    /// <summary>Every span of the trace in the archive, oldest start first (empty when it has none).</summary>
    public IReadOnlyList<SpanEvent> FindTrace(string traceId, CancellationToken cancellationToken)
    {
        var partition = TelemetryArchiver.Partition(traceId).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        var spans = new List<SpanEvent>();
        foreach (var (directory, manifest) in Days())
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var file in manifest.SpanFiles.Where(f => f.Partition == partition))
            {
                spans.AddRange(ArchiveFiles.Read(Path.Combine(directory, file.Name), ArchiveJson.Default.ArchivedSpan, traceId)
                    .Where(s => s.TraceId == traceId)
                    .Select(s => s.ToSpan()));
            }
        }
        return spans.OrderBy(s => s.StartUnixMicros).ToList();
    }

    /// <summary>
    /// The newest <paramref name="take"/> archived logs in [fromMs, toMs] with an id below <paramref name="beforeId"/>
    /// that pass the filter, newest (highest id) first. Memory holds at most <paramref name="take"/> logs.
    /// </summary>
    internal IReadOnlyList<StoredLog> ReadLogs(long fromMs, long toMs, long? beforeId, int take, Func<ArchivedLog, bool> filter,
        CancellationToken cancellationToken)
    {
        var kept = new PriorityQueue<ArchivedLog, long>();
        foreach (var (directory, manifest) in Days().Where(d => d.Manifest.FromUnixMs <= toMs && d.Manifest.ToUnixMs > fromMs)
                     .OrderByDescending(d => d.Manifest.FromUnixMs))
        {
            foreach (var file in manifest.LogFiles)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Ids grow with time: once the page is full, a file whose newest id is below the page's oldest cannot add to it.
                if (kept.Count >= take && kept.TryPeek(out _, out var lowest) && file.MaxLogId < lowest)
                {
                    continue;
                }
                foreach (var log in ArchiveFiles.Read(Path.Combine(directory, file.Name), ArchiveJson.Default.ArchivedLog))
                {
                    if (log.TsMs < fromMs || log.TsMs > toMs || (beforeId is { } before && log.Id >= before) || !filter(log))
                    {
                        continue;
                    }
                    kept.Enqueue(log, log.Id);
                    if (kept.Count > take)
                    {
                        kept.Dequeue();
                    }
                }
            }
        }
        var page = new List<StoredLog>(kept.Count);
        while (kept.TryDequeue(out var log, out _))
        {
            page.Add(log.ToStored());
        }
        page.Reverse();
        return page;
    }

    private IEnumerable<(string Directory, ArchiveManifest Manifest)> Days()
    {
        if (!Directory.Exists(ArchivePath))
        {
            yield break;
        }
        foreach (var directory in Directory.EnumerateDirectories(ArchivePath).Order(StringComparer.Ordinal))
        {
            if (ArchiveFiles.ReadManifest(directory) is { } manifest)
            {
                yield return (directory, manifest);
            }
        }
    }
}
