using HmsOps.Core.Audit;

namespace HmsOps.Components.Tests.Security;

/// <summary>An audit log that keeps what is appended, for asserting who was recorded doing what.</summary>
public sealed class RecordingAuditLog : IAuditLog
{
    private readonly List<AuditDraft> _entries = [];

    public IReadOnlyList<AuditDraft> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToList();
            }
        }
    }

    public AuditEntry Append(AuditDraft draft)
    {
        lock (_entries)
        {
            _entries.Add(draft);
            return new AuditEntry(_entries.Count, DateTimeOffset.UnixEpoch, draft.Actor, draft.Action, draft.Target, draft.DetailJson, "", "");
        }
    }
}
