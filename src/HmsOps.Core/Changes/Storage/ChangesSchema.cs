namespace HmsOps.Core.Changes.Storage;

/// <summary>The schema of <c>changes.db</c>, one step per version (applied by <see cref="Core.Storage.SqliteMigrations"/>).</summary>
internal static class ChangesSchema
{
    public static readonly string[] Steps =
    [
        // 1: changes (the record as JSON plus the columns the rules query), and their transitions as rows.
        // The partial unique index is the one-change-in-flight-per-service rule, held by the database for every writer.
        // transitions.audited is an outbox flag: set once the transition is in the audit log, so start-up can append
        // what a crash left out.
        $"""
        CREATE TABLE changes (
            id TEXT PRIMARY KEY,
            service TEXT NOT NULL,
            state TEXT NOT NULL,
            revision INTEGER NOT NULL,
            requested_by TEXT NOT NULL,
            requested_at_ms INTEGER NOT NULL,
            expires_at_ms INTEGER NOT NULL,
            request_key TEXT,
            data TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX changes_one_in_flight ON changes (service) WHERE state IN {ChangeStates.InFlightSql};
        CREATE UNIQUE INDEX changes_request_key ON changes (requested_by, request_key) WHERE request_key IS NOT NULL;
        CREATE INDEX changes_by_time ON changes (requested_at_ms);
        CREATE INDEX changes_by_state ON changes (state);
        CREATE TABLE transitions (
            id INTEGER PRIMARY KEY,
            change_id TEXT NOT NULL REFERENCES changes (id) ON DELETE CASCADE,
            at_ms INTEGER NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            from_state TEXT NOT NULL,
            to_state TEXT NOT NULL,
            detail TEXT NOT NULL,
            audited INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX transitions_by_change ON transitions (change_id, id);
        CREATE INDEX transitions_unaudited ON transitions (id) WHERE audited = 0;
        """,
    ];
}
