using System.Collections.Concurrent;
using System.Text.Json;
using HmsOps.Core.Alerting;
using HmsOps.Core.Logs;
using HmsOps.Core.Telemetry;

namespace HmsOps.Components.Tests.Logs;

/// <summary>An in-memory <see cref="ILogReader"/> that filters as the SQLite one does and remembers every query it was asked.</summary>
public sealed class FakeLogReader : ILogReader
{
    private readonly List<StoredLog> _logs = [];
    private readonly Subscribers _subscribers = new();
    private long _nextId = 1;

    public ConcurrentQueue<LogQuery> Queries { get; } = new();

    public bool FromArchive { get; set; }

    public StoredLog Add(LogEvent log)
    {
        lock (_logs)
        {
            var stored = new StoredLog(_nextId++, log);
            _logs.Add(stored);
            return stored;
        }
    }

    /// <summary>As the store does after a commit.</summary>
    public void Notify() => _subscribers.Notify();

    public Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken)
    {
        Queries.Enqueue(query);
        List<StoredLog> matches;
        lock (_logs)
        {
            matches = _logs.Where(l => Matches(query, l)).OrderByDescending(l => l.Id).Take(query.Limit + 1).ToList();
        }
        var more = matches.Count > query.Limit;
        if (more)
        {
            matches.RemoveAt(matches.Count - 1);
        }
        return Task.FromResult(new LogPage(matches, more ? matches[^1].Id : null, FromArchive));
    }

    public IDisposable SubscribeNewLogs(Func<Task> onNewLogs) => _subscribers.Add(onNewLogs);

    private static bool Matches(LogQuery q, StoredLog row)
    {
        var log = row.Log;
        return (q.Services.Count == 0 || q.Services.Contains(log.Service))
            && (q.Levels.Count == 0 || q.Levels.Contains(log.Level))
            && (q.From is null || log.TimestampMs >= q.From.Value.ToUnixTimeMilliseconds())
            && (q.To is null || log.TimestampMs <= q.To.Value.ToUnixTimeMilliseconds())
            && (q.TraceId is null || log.TraceId == q.TraceId)
            && (string.IsNullOrEmpty(q.Text) || log.Message.Contains(q.Text, StringComparison.OrdinalIgnoreCase))
            && (q.BeforeId is null || row.Id < q.BeforeId)
            && (q.AfterId is null || row.Id > q.AfterId)
            && q.Fields.All(f => Field(log, f.Key) == f.Value);
    }

    private static string? Field(LogEvent log, string key)
    {
        using var document = JsonDocument.Parse(log.FieldsJson);
        return document.RootElement.TryGetProperty(key, out var value) ? value.ToString() : null;
    }
}
