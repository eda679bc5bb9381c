namespace HmsOps.Core.Incidents.Storage;

/// <summary>The schema of <c>incidents.db</c>, one step per version (applied by <see cref="Core.Storage.SqliteMigrations"/>).</summary>
internal static class IncidentsSchema
{
    public static readonly string[] Steps =
    [
        // 1: incidents (the record as JSON plus the columns lists filter on), their timelines as rows numbered per
        // incident, postmortems, and the per-year counter behind INC-yyyy-nnnn (kept apart so pruning never reuses a number).
        """
        CREATE TABLE incidents (
            id TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            severity TEXT NOT NULL,
            group_key TEXT,
            opened_at_ms INTEGER NOT NULL,
            ended_at_ms INTEGER,
            resolved_at_ms INTEGER,
            services TEXT NOT NULL,
            revision INTEGER NOT NULL,
            data TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX incidents_by_time ON incidents (opened_at_ms);
        CREATE INDEX incidents_unresolved_group ON incidents (group_key) WHERE state <> 'resolved';
        CREATE TABLE timeline (
            incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            at_ms INTEGER NOT NULL,
            source TEXT NOT NULL,
            actor TEXT NOT NULL,
            text TEXT NOT NULL,
            link TEXT,
            ref TEXT,
            PRIMARY KEY (incident_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE postmortems (
            incident_id TEXT PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
            markdown TEXT NOT NULL,
            updated_at_ms INTEGER NOT NULL,
            updated_by TEXT NOT NULL,
            generated INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE counters (
            year INTEGER PRIMARY KEY,
            last INTEGER NOT NULL
        );
        """,
    ];
}
