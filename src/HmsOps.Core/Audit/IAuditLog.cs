namespace HmsOps.Core.Audit;

/// <summary>Where the console records who did what. Append-only: there is no way to change or remove an entry.</summary>
public interface IAuditLog
{
    AuditEntry Append(AuditDraft draft);
}
