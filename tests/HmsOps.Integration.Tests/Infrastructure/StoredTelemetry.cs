using HmsOps.Core.Storage;
using HmsOps.Core.Telemetry;
using Microsoft.Data.Sqlite;

namespace HmsOps.Integration.Tests.Infrastructure;

/// <summary>Reads what a console stored in its data folder.</summary>
public static class StoredTelemetry
{
    public static string DatabasePath(string dataPath) => Path.Combine(dataPath, "telemetry.db");

    /// <summary>Opens the stored logs and spans. Only once the console has stopped: the store migrates and writes on open.</summary>
    public static SqliteTelemetryStore Open(string dataPath) => new(DatabasePath(dataPath));

    /// <summary>Every stored log of one service (newest first).</summary>
    public static IReadOnlyList<LogEvent> LogsOf(this SqliteTelemetryStore store, string service) =>
        store.QueryLogs(service, traceId: null, fromMs: 0, toMs: long.MaxValue, limit: 1_000_000);

    /// <summary>
    /// Runs a count query on a read-only connection, safe while the console is still writing
    /// (the database is in WAL journal mode). 0 while the database does not exist yet.
    /// </summary>
    public static long CountWhileRunning(string dataPath, string sql, params (string Name, object Value)[] parameters)
    {
        var path = DatabasePath(dataPath);
        if (!File.Exists(path))
        {
            return 0;
        }
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
