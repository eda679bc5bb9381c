namespace HmsOps.Console.Security;

/// <summary>
/// Failed sign-ins per name (case-insensitive) in memory: after <see cref="LockoutOptions.MaxFailures"/> in a row the
/// name is locked for <see cref="LockoutOptions.Duration"/>, whatever password comes. A restart forgets the counts; the
/// per-address rate limit still bounds guessing. Unknown names are tracked too, so a lock says nothing about existence.
/// </summary>
public sealed class LoginLockout(LockoutOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Record> _records = new(StringComparer.OrdinalIgnoreCase);

    public bool IsLocked(string name)
    {
        lock (_gate)
        {
            return _records.TryGetValue(name, out var record) && record.LockedUntil > time.GetUtcNow();
        }
    }

    /// <summary>Counts a failure; true when this failure locked the name.</summary>
    public bool RecordFailure(string name)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_records.TryGetValue(name, out var record))
            {
                if (_records.Count >= options.MaxTrackedNames)
                {
                    _records.Remove(_records.MinBy(r => r.Value.LastFailure).Key);
                }
                record = new Record();
                _records[name] = record;
            }
            if (record.LockedUntil is { } until && until <= now)
            {
                // A lock that ran out starts a fresh count.
                record.Failures = 0;
                record.LockedUntil = null;
            }
            record.Failures++;
            record.LastFailure = now;
            if (record.Failures >= options.MaxFailures && record.LockedUntil is null)
            {
                record.LockedUntil = now + options.Duration;
                return true;
            }
            return false;
        }
    }

    public void RecordSuccess(string name)
    {
        lock (_gate)
        {
            _records.Remove(name);
        }
    }

    private sealed class Record
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
