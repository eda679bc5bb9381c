namespace HmsOps.Core.Alerting.Storage;

/// <summary>
/// The schema of <c>alerting.db</c>, one step per version; <c>PRAGMA user_version</c> records how far a file has
/// come and start-up applies the missing steps through <see cref="HmsOps.Core.Storage.SqliteMigrations"/>.
/// </summary>
internal static class AlertingSchema
{
    public static readonly string[] Steps =
    [
        // 1: one acknowledgement per alert (its current occurrence), and the silences.
        """
        CREATE TABLE acknowledgements (
            fingerprint TEXT PRIMARY KEY,
            active_at_ms INTEGER NOT NULL,
            by TEXT NOT NULL,
            at_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE silences (
            id TEXT PRIMARY KEY,
            matchers TEXT NOT NULL,
            starts_at_ms INTEGER NOT NULL,
            ends_at_ms INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            comment TEXT NOT NULL,
            updated_at_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
    ];
}
