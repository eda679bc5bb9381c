using HmsOps.Core.Storage;
using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Notifications.Delivery;

/// <summary>
/// The outbox's own SQLite schema (a file apart from telemetry, so its migrations stay its own), one step per
/// version recorded in <c>PRAGMA user_version</c>.
/// </summary>
internal static class OutboxSchema
{
    private static readonly string[] Steps =
    [
        // 1: one row per notification per integration. AUTOINCREMENT so a sequence is never reused after pruning:
        // the sequence is the send order within a group.
        """
        CREATE TABLE deliveries (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            notification_id TEXT NOT NULL,
            receiver TEXT NOT NULL,
            kind INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            integration TEXT NOT NULL,
            group_key TEXT NOT NULL,
            notification_status INTEGER NOT NULL,
            alert_names TEXT NOT NULL,
            alert_count INTEGER NOT NULL,
            dedup_key TEXT NOT NULL,
            payload TEXT NOT NULL,
            status INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_ms INTEGER NOT NULL,
            last_error TEXT,
            created_ms INTEGER NOT NULL,
            delivered_ms INTEGER,
            finished_ms INTEGER,
            UNIQUE (notification_id, integration)
        );
        CREATE INDEX ix_deliveries_due ON deliveries (status, next_attempt_ms);
        CREATE INDEX ix_deliveries_group ON deliveries (integration, group_key, seq);
        CREATE INDEX ix_deliveries_finished ON deliveries (finished_ms) WHERE finished_ms IS NOT NULL;
        CREATE INDEX ix_deliveries_receiver ON deliveries (receiver, seq);
        """,
    ];

    public static void Apply(SqliteConnection connection) =>
        SqliteMigrations.Apply(connection, SqliteNotificationOutbox.FileName, Steps);
}
