using System.Globalization;
using HmsOps.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Archive;

/// <summary>What one archive run did.</summary>
public sealed record ArchiveRunResult(int Days, long LogsArchived, long SpansArchived, long LogsDeleted, long SpansDeleted);

/// <summary>Where a run is; tests stop a run at a step to play a crash there.</summary>
internal enum ArchiveStep
{
    FilesWritten,
    ManifestWritten,
}

/// <summary>
/// Moves logs and spans older than the hot window to the archive, one UTC day at a time: the day's rows are streamed
/// into gzip NDJSON files (logs in one, spans in 16 by the trace id's first hex digit, so a lookup by id reads one
/// sixteenth of a day), each fsync'd; then the manifest is written atomically; only then are exactly the rows in those
/// files deleted from SQLite, in one transaction, after checking each file against its SHA-256.
/// A crash before the manifest leaves a directory without one: readers ignore it, nothing was deleted, and the next run
/// writes the day again from scratch. A crash after the manifest leaves the rows in both places: the next run finds the
/// manifest, does not write the day again (no duplicates) and deletes the rows it lists.
/// </summary>
public sealed class TelemetryArchiver(SqliteTelemetryStore store, string archivePath, RetentionOptions retention, ILogger<TelemetryArchiver> logger)
{
    private const long DayMs = 86_400_000;
    private readonly SemaphoreSlim _oneRun = new(1, 1);

    public string ArchivePath { get; } = archivePath;

    /// <summary>Test hook: called at each step, throwing from it plays a crash there.</summary>
    internal Action<ArchiveStep>? AtStep { get; set; }

    /// <summary>Archives every whole UTC day before the hot window. One run at a time (the nightly one or "run now").</summary>
    public async Task<ArchiveRunResult> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _oneRun.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Run(retention.CutoffMs(now), now, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _oneRun.Release();
        }
    }

    private ArchiveRunResult Run(long cutoffMs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(ArchivePath);
        var result = new ArchiveRunResult(0, 0, 0, 0, 0);
        var cursorMs = long.MinValue;
        while (OldestDayFrom(cursorMs) is { } dayStartMs && dayStartMs + DayMs <= cutoffMs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var day = ArchiveDay(dayStartMs, now);
            result = result with
            {
                Days = result.Days + 1,
                LogsArchived = result.LogsArchived + day.LogsArchived,
                SpansArchived = result.SpansArchived + day.SpansArchived,
                LogsDeleted = result.LogsDeleted + day.LogsDeleted,
                SpansDeleted = result.SpansDeleted + day.SpansDeleted,
            };
            // The cursor moves on even if a row of the day stayed (one that arrived after the day was archived):
            // the run always ends, and the row caps still bound such rows.
            cursorMs = dayStartMs + DayMs;
        }
        if (result.Days > 0)
        {
            logger.LogInformation("Archive run: {Days} days, {Logs} logs and {Spans} spans moved to {Path}",
                result.Days, result.LogsDeleted, result.SpansDeleted, ArchivePath);
        }
        return result;
    }

    private ArchiveRunResult ArchiveDay(long dayStartMs, DateTimeOffset now)
    {
        var dayEndMs = dayStartMs + DayMs;
        var directory = Path.Combine(ArchivePath, ArchiveFiles.DayName(dayStartMs));
        var manifest = ArchiveFiles.ReadManifest(directory);
        long logsArchived = 0, spansArchived = 0;
        if (manifest is null)
        {
            manifest = WriteDay(directory, dayStartMs, dayEndMs, now);
            logsArchived = manifest.LogFiles.Sum(f => f.Rows);
            spansArchived = manifest.SpanFiles.Sum(f => f.Rows);
        }
        else
        {
            logger.LogInformation("Archive of {Day} was written by an earlier run; deleting its rows from the hot store", manifest.Day);
        }
        AtStep?.Invoke(ArchiveStep.ManifestWritten);

        foreach (var file in manifest.Files)
        {
            ArchiveFiles.Verify(directory, file);
        }
        var logs = manifest.LogFiles.SelectMany(f => ArchiveFiles.Read(Path.Combine(directory, f.Name), ArchiveJson.Default.ArchivedLog))
            .Select(l => (l.Id, l.TsMs));
        var spans = manifest.SpanFiles.SelectMany(f => ArchiveFiles.Read(Path.Combine(directory, f.Name), ArchiveJson.Default.ArchivedSpan))
            .Select(s => (s.TraceId, s.SpanId, s.StartUs));
        var (logsDeleted, spansDeleted) = store.DeleteArchived(logs, spans, dayEndMs * 1000);
        return new ArchiveRunResult(1, logsArchived, spansArchived, logsDeleted, spansDeleted);
    }

    private ArchiveManifest WriteDay(string directory, long dayStartMs, long dayEndMs, DateTimeOffset now)
    {
        // Whatever an interrupted run left here has no manifest, so nothing was deleted on its strength: start over.
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
        Directory.CreateDirectory(directory);
        var files = new List<ArchiveFile>();
        using var connection = store.OpenReader();

        using (var logs = new ArchiveFileWriter<ArchivedLog>(Path.Combine(directory, "logs.ndjson.gz"), ArchiveJson.Default.ArchivedLog))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, ts_ms, level, service, message, trace_id, span_id, fields FROM logs " +
                "WHERE ts_ms >= $from AND ts_ms < $to ORDER BY id";
            command.Parameters.AddWithValue("$from", dayStartMs);
            command.Parameters.AddWithValue("$to", dayEndMs);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var log = new ArchivedLog(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
                    Optional(reader, 5), Optional(reader, 6), reader.GetString(7));
                logs.Append(log, log.TsMs, log.Id);
            }
            if (logs.Rows > 0)
            {
                files.Add(logs.Finish(ArchiveFile.Logs, null));
            }
        }

        var partitions = new ArchiveFileWriter<ArchivedSpan>?[16];
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT trace_id, span_id, parent_span_id, service, name, start_us, duration_us, status, attributes, " +
                "kind, status_message, events, links, resource, scope FROM spans WHERE start_us >= $from AND start_us < $to";
            command.Parameters.AddWithValue("$from", dayStartMs * 1000);
            command.Parameters.AddWithValue("$to", dayEndMs * 1000);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var span = new ArchivedSpan(reader.GetString(0), reader.GetString(1), Optional(reader, 2), reader.GetString(3), reader.GetString(4),
                    reader.GetInt64(5), reader.GetInt64(6), reader.GetInt32(7), reader.GetString(8), reader.GetInt32(9), Optional(reader, 10),
                    Optional(reader, 11), Optional(reader, 12), Optional(reader, 13), Optional(reader, 14));
                var partition = Partition(span.TraceId);
                var writer = partitions[partition] ??= new ArchiveFileWriter<ArchivedSpan>(
                    Path.Combine(directory, $"spans-{partition:x}.ndjson.gz"), ArchiveJson.Default.ArchivedSpan);
                writer.Append(span, span.StartUs / 1000);
            }
            for (var p = 0; p < partitions.Length; p++)
            {
                if (partitions[p] is { } writer)
                {
                    files.Add(writer.Finish(ArchiveFile.Spans, p.ToString("x", CultureInfo.InvariantCulture)));
                }
            }
        }
        finally
        {
            foreach (var writer in partitions)
            {
                writer?.Dispose();
            }
        }
        AtStep?.Invoke(ArchiveStep.FilesWritten);

        var manifest = new ArchiveManifest(ArchiveManifest.CurrentFormat, ArchiveFiles.DayName(dayStartMs), dayStartMs, dayEndMs, now,
            ArchiveManifest.Partitioning, files);
        ArchiveFiles.WriteManifest(directory, manifest);
        DurableFiles.SyncDirectory(ArchivePath);
        return manifest;
    }

    /// <summary>The start of the UTC day of the oldest log or span at or after the cursor, or null when there is none.</summary>
    private long? OldestDayFrom(long cursorMs)
    {
        using var connection = store.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT min(ts_ms) FROM logs WHERE ts_ms >= $c), (SELECT min(start_us) FROM spans WHERE start_us >= $c * 1000)";
        command.Parameters.AddWithValue("$c", Math.Max(cursorMs, long.MinValue / 1000));
        using var reader = command.ExecuteReader();
        reader.Read();
        long? log = reader.IsDBNull(0) ? null : reader.GetInt64(0);
        long? span = reader.IsDBNull(1) ? null : Math.DivRem(reader.GetInt64(1), 1000).Quotient;
        long? oldest = log is null ? span : span is null ? log : Math.Min(log.Value, span.Value);
        return oldest is { } ms ? ms - (((ms % DayMs) + DayMs) % DayMs) : null;
    }

    /// <summary>Trace ids are lower-case hex; anything else (never produced by ingest) goes to partition 0.</summary>
    internal static int Partition(string traceId) =>
        traceId.Length > 0 && Uri.IsHexDigit(traceId[0]) ? Convert.ToInt32(traceId[..1], 16) : 0;
    private static string? Optional(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
