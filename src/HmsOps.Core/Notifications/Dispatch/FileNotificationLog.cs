using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Notifications.Dispatch;

/// <summary>
/// The notification log in one JSON file, replaced atomically (write a temporary file, flush, rename) once per
/// dispatcher tick that notified anything, so a crash leaves the old or the new log, never half of one. Expired entries are dropped on load and on
/// write; beyond <see cref="DispatchOptions.MaxLogEntries"/> the least recently notified go first.
/// </summary>
public sealed class FileNotificationLog : INotificationLog
{
    public const string FileName = "notification-log.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly DispatchOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<(string, string), NotificationLogEntry> _entries = [];

    public FileNotificationLog(string dataPath, DispatchOptions options, TimeProvider time, ILogger<FileNotificationLog> logger)
    {
        Directory.CreateDirectory(dataPath);
        _path = Path.Combine(dataPath, FileName);
        _options = options;
        _time = time;
        foreach (var entry in Load(_path, logger))
        {
            _entries[(entry.GroupKey, entry.Receiver)] = entry;
        }
        RemoveExpired();
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public NotificationLogEntry? Find(string groupKey, string receiver)
    {
        lock (_gate)
        {
            return _entries.TryGetValue((groupKey, receiver), out var entry) && entry.ExpiresAt > _time.GetUtcNow() ? entry : null;
        }
    }

    public void Record(IReadOnlyList<NotificationLogEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                _entries[(entry.GroupKey, entry.Receiver)] = entry;
            }
            RemoveExpired();
            foreach (var oldest in _entries.Values.OrderBy(e => e.NotifiedAt).Take(_entries.Count - _options.MaxLogEntries).ToList())
            {
                _entries.Remove((oldest.GroupKey, oldest.Receiver));
            }
            Save();
        }
    }

    private void RemoveExpired()
    {
        var now = _time.GetUtcNow();
        foreach (var key in _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
        {
            _entries.Remove(key);
        }
    }

    private void Save()
    {
        var temporary = _path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, _entries.Values.ToList(), Json);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, _path, overwrite: true);
    }

    private static IReadOnlyList<NotificationLogEntry> Load(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        try
        {
            using var file = File.OpenRead(path);
            return JsonSerializer.Deserialize<List<NotificationLogEntry>>(file, Json) ?? [];
        }
        catch (JsonException e)
        {
            // Starting empty risks one repeated page per group; refusing to start would risk none at all.
            logger.LogError(e, "The notification log {Path} is unreadable and is started afresh", path);
            return [];
        }
    }
}
