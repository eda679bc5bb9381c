using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Storage;

/// <summary>
/// The SQLite schema, one step per version. <c>PRAGMA user_version</c> records how far a database
/// has come; start-up applies the missing steps in one transaction each.
/// </summary>
internal static class SchemaMigrations
{
    private static readonly string[] Steps =
    [
        // 1: logs and spans, indexed for log search by service/time/traceId and trace-by-id.
        """
        CREATE TABLE logs (
            id INTEGER PRIMARY KEY,
            ts_ms INTEGER NOT NULL,
            level INTEGER NOT NULL,
            service TEXT NOT NULL,
            message TEXT NOT NULL,
            trace_id TEXT,
            span_id TEXT,
            fields TEXT NOT NULL
        );
        CREATE INDEX ix_logs_ts ON logs (ts_ms);
        CREATE INDEX ix_logs_service_ts ON logs (service, ts_ms);
        CREATE INDEX ix_logs_trace ON logs (trace_id) WHERE trace_id IS NOT NULL;
        CREATE TABLE spans (
            trace_id TEXT NOT NULL,
            span_id TEXT NOT NULL,
            parent_span_id TEXT,
            service TEXT NOT NULL,
            name TEXT NOT NULL,
            start_us INTEGER NOT NULL,
            duration_us INTEGER NOT NULL,
            status INTEGER NOT NULL,
            attributes TEXT NOT NULL,
            PRIMARY KEY (trace_id, span_id)
        ) WITHOUT ROWID;
        CREATE INDEX ix_spans_service_start ON spans (service, start_us);
        CREATE INDEX ix_spans_start ON spans (start_us);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO meta (key, value) VALUES ('applied_sequence', 0);
        """,
        // 2: OTLP's span detail, kept for the span panel of the waterfall.
        """
        ALTER TABLE spans ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE spans ADD COLUMN status_message TEXT;
        ALTER TABLE spans ADD COLUMN events TEXT;
        ALTER TABLE spans ADD COLUMN links TEXT;
        ALTER TABLE spans ADD COLUMN resource TEXT;
        ALTER TABLE spans ADD COLUMN scope TEXT;
        """,
        // 3: log full-text search, operation search, and one summary row per trace.
        // FTS5 is contentless with rowid = logs.id (contentless_delete lets a row be removed by rowid): the text is already in
        // logs, so an external-content table would save nothing, and it would need the exact old column values on every delete
        // and could not index the derived "field values" column (a rebuild reads the content table's columns by name).
        // Triggers keep it in sync inside whatever transaction writes logs: the writer's batch, retention, the archive.
        // Field values (not keys) are indexed too, so searching "E1023" finds {"code":"E1023"}; json_valid guards the insert.
        // The traces table lets a search walk traces newest first instead of aggregating millions of spans per query;
        // the writer recomputes a trace's row from its spans in the batch's transaction (see SqliteTelemetryStore).
        """
        CREATE VIRTUAL TABLE logs_fts USING fts5(message, field_values, content='', contentless_delete=1);
        INSERT INTO logs_fts (rowid, message, field_values)
            SELECT id, message, CASE WHEN json_valid(fields) THEN (SELECT group_concat(value, ' ') FROM json_each(fields)) END FROM logs;
        CREATE TRIGGER logs_fts_insert AFTER INSERT ON logs BEGIN
            INSERT INTO logs_fts (rowid, message, field_values)
            VALUES (new.id, new.message, CASE WHEN json_valid(new.fields) THEN (SELECT group_concat(value, ' ') FROM json_each(new.fields)) END);
        END;
        CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN
            DELETE FROM logs_fts WHERE rowid = old.id;
        END;
        CREATE INDEX ix_spans_service_name_start ON spans (service, name, start_us);
        CREATE TABLE traces (
            trace_id TEXT PRIMARY KEY,
            start_us INTEGER NOT NULL,
            end_us INTEGER NOT NULL,
            span_count INTEGER NOT NULL,
            error_count INTEGER NOT NULL,
            services TEXT NOT NULL,
            root_service TEXT NOT NULL,
            root_name TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_traces_start ON traces (start_us);
        """ + TraceSummarySql.RefreshAllStep3,
        // 4: spans become a rowid table, appended in arrival order. Keyed by (trace_id, span_id) WITHOUT ROWID, every insert
        // put the whole row (attributes, resource, scope JSON) on a random B-tree page because trace ids are random: the single
        // SQLite writer spent 30-40 µs per span there. Now only the small (trace_id, span_id) index entry lands at random; the
        // row is appended. The unique index keeps INSERT OR REPLACE's "a span sent twice replaces its first copy" and serves
        // trace by id, the summary refresh and the search's per-trace EXISTS. The (service, start) and (service, name, start)
        // indexes go: since step 3 search walks the traces summary and checks spans per trace, and nothing else read them.
        // Rows are copied in start order so the old data is laid out as new data will be. The summaries gain the root's start and
        // whether it has a parent, so the writer can add a batch's spans to a summary without reading the trace back.
        """
        CREATE TABLE spans_rowid (
            id INTEGER PRIMARY KEY,
            trace_id TEXT NOT NULL,
            span_id TEXT NOT NULL,
            parent_span_id TEXT,
            service TEXT NOT NULL,
            name TEXT NOT NULL,
            start_us INTEGER NOT NULL,
            duration_us INTEGER NOT NULL,
            status INTEGER NOT NULL,
            attributes TEXT NOT NULL,
            kind INTEGER NOT NULL DEFAULT 0,
            status_message TEXT,
            events TEXT,
            links TEXT,
            resource TEXT,
            scope TEXT
        );
        INSERT INTO spans_rowid (trace_id, span_id, parent_span_id, service, name, start_us, duration_us, status, attributes,
                                 kind, status_message, events, links, resource, scope)
            SELECT trace_id, span_id, parent_span_id, service, name, start_us, duration_us, status, attributes,
                   kind, status_message, events, links, resource, scope
            FROM spans ORDER BY start_us;
        DROP TABLE spans;
        ALTER TABLE spans_rowid RENAME TO spans;
        CREATE UNIQUE INDEX ix_spans_trace_span ON spans (trace_id, span_id);
        CREATE INDEX ix_spans_start ON spans (start_us);
        ALTER TABLE traces ADD COLUMN root_start_us INTEGER;
        ALTER TABLE traces ADD COLUMN root_has_parent INTEGER;
        """ + TraceSummarySql.RefreshAllStep4,
        // 5: spans find their trace through the summary row's number. The unique (trace_id, span_id) index put one entry per span
        // on a random page (trace ids are random), so a writer transaction dirtied about one index page per trace on top of the
        // summary's own random page, and writing those pages out was most of a commit. Summaries become a rowid table numbered
        // in arrival order; a span stores its trace's number (trace_key), and the unique (trace_key, span_id) index grows at its
        // end like the table. Only the small traces.trace_id index entry still lands at random, once per new trace. Trace by id
        // is two index descents: the id to its number, then the trace's spans. Rows are numbered in start order, as new ones will
        // be; a span without a summary (none is expected: step 4 summarised every trace) gets one first, so every span has a key.
        """
        INSERT INTO traces (trace_id, start_us, end_us, span_count, error_count, services, root_service, root_name, root_start_us, root_has_parent)
            SELECT s.trace_id, min(s.start_us), max(s.start_us + s.duration_us), count(*), sum(s.status = 1), group_concat(DISTINCT s.service),
                   '', '', NULL, NULL
            FROM spans s WHERE NOT EXISTS (SELECT 1 FROM traces t WHERE t.trace_id = s.trace_id) GROUP BY s.trace_id;
        CREATE TABLE traces_keyed (
            id INTEGER PRIMARY KEY,
            trace_id TEXT NOT NULL,
            start_us INTEGER NOT NULL,
            end_us INTEGER NOT NULL,
            span_count INTEGER NOT NULL,
            error_count INTEGER NOT NULL,
            services TEXT NOT NULL,
            root_service TEXT NOT NULL,
            root_name TEXT NOT NULL,
            root_start_us INTEGER,
            root_has_parent INTEGER
        );
        INSERT INTO traces_keyed (trace_id, start_us, end_us, span_count, error_count, services, root_service, root_name, root_start_us, root_has_parent)
            SELECT trace_id, start_us, end_us, span_count, error_count, services, root_service, root_name, root_start_us, root_has_parent
            FROM traces ORDER BY start_us;
        DROP TABLE traces;
        ALTER TABLE traces_keyed RENAME TO traces;
        CREATE UNIQUE INDEX ix_traces_trace ON traces (trace_id);
        CREATE INDEX ix_traces_start ON traces (start_us);
        ALTER TABLE spans ADD COLUMN trace_key INTEGER NOT NULL DEFAULT 0;
        UPDATE spans SET trace_key = (SELECT t.id FROM traces t WHERE t.trace_id = spans.trace_id);
        DROP INDEX ix_spans_trace_span;
        CREATE UNIQUE INDEX ix_spans_trace_key ON spans (trace_key, span_id);
        """ + TraceSummarySql.RefreshUnrootedStep5,
    ];

    public static int Latest => Steps.Length;

    public static void Apply(SqliteConnection connection) => Apply(connection, Steps.Length);

    /// <summary>Applies the steps up to version <paramref name="upTo"/> (tests build databases of older versions with it).</summary>
    internal static void Apply(SqliteConnection connection, int upTo) =>
        SqliteMigrations.Apply(connection, "telemetry.db", Steps, upTo);
}
