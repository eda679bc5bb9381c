using System.Globalization;
using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Storage;

/// <summary>
/// Schema steps for the console's small SQLite files: <c>PRAGMA user_version</c> records how far a file has come,
/// start-up applies the missing steps, each in one transaction, and refuses a file from a newer console.
/// </summary>
internal static class SqliteMigrations
{
    public static void Apply(SqliteConnection connection, string fileName, IReadOnlyList<string> steps) =>
        Apply(connection, fileName, steps, steps.Count);

    /// <summary>Applies the steps up to version <paramref name="upTo"/> (tests build files of older versions with it).</summary>
    public static void Apply(SqliteConnection connection, string fileName, IReadOnlyList<string> steps, int upTo)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(read.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version > steps.Count)
        {
            throw new InvalidOperationException(
                $"{fileName}: schema version {version} is newer than this console knows ({steps.Count}); upgrade the console");
        }
        for (var step = version; step < upTo; step++)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = steps[step] + string.Create(CultureInfo.InvariantCulture, $";\nPRAGMA user_version = {step + 1};");
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>
    /// Opens a store's file and brings its schema up to date, or throws a <see cref="StoreOpenException"/> that names
    /// the file and what it holds (start-up shows that message, not a bare SQLite error).
    /// </summary>
    /// <param name="contents">What the file holds, for the message: "change requests", "the audit log".</param>
    public static SqliteConnection OpenMigrated(string databasePath, string fileName, IReadOnlyList<string> steps, string contents)
    {
        SqliteConnection? connection = null;
        try
        {
            connection = Open(databasePath);
            Apply(connection, fileName, steps);
            return connection;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            connection?.Dispose();
            throw new StoreOpenException($"cannot open {databasePath} ({contents}, under Storage:DataPath): {ex.Message}", ex);
        }
    }

    /// <summary>Opens a file with the house settings: WAL, every commit durable before the call returns, waits on a busy writer.</summary>
    public static SqliteConnection Open(string databasePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";
        command.ExecuteNonQuery();
        return connection;
    }
}
