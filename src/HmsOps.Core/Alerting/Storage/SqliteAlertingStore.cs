using System.Globalization;
using System.Text.Json;
using HmsOps.Core.Alerting.Silences;
using HmsOps.Core.PromQL;
using HmsOps.Core.Storage;
using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Alerting.Storage;

/// <summary>
/// Acknowledgements and silences in one SQLite file (<c>alerting.db</c> under the data path), so an on-call's
/// "I'm on it" and a maintenance silence survive a restart. Every write commits before the call returns
/// (WAL, synchronous FULL). Separate from the telemetry database: its retention jobs and schema move on their own.
/// </summary>
public sealed class SqliteAlertingStore : IAcknowledgementStore, ISilenceRepository, IDisposable
{
    public const string FileName = "alerting.db";

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;

    /// <exception cref="StoreOpenException">The file cannot be created, opened or migrated; the message names it.</exception>
    public SqliteAlertingStore(string databasePath) =>
        _connection = SqliteMigrations.OpenMigrated(databasePath, FileName, AlertingSchema.Steps, "acknowledgements and silences");

    public IReadOnlyList<StoredAcknowledgement> LoadAll()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT fingerprint, active_at_ms, by, at_ms FROM acknowledgements ORDER BY fingerprint";
            using var reader = command.ExecuteReader();
            var result = new List<StoredAcknowledgement>();
            while (reader.Read())
            {
                result.Add(new StoredAcknowledgement(reader.GetString(0), FromMs(reader.GetInt64(1)),
                    new AlertAcknowledgement(reader.GetString(2), FromMs(reader.GetInt64(3)))));
            }
            return result;
        }
    }

    public void Save(StoredAcknowledgement acknowledgement)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText =
                "INSERT OR REPLACE INTO acknowledgements (fingerprint, active_at_ms, by, at_ms) VALUES ($fp, $active, $by, $at)";
            command.Parameters.AddWithValue("$fp", acknowledgement.Fingerprint);
            command.Parameters.AddWithValue("$active", acknowledgement.ActiveAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$by", acknowledgement.Acknowledgement.By);
            command.Parameters.AddWithValue("$at", acknowledgement.Acknowledgement.At.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
    }

    void IAcknowledgementStore.Delete(string fingerprint) => DeleteRow("DELETE FROM acknowledgements WHERE fingerprint = $key", fingerprint);

    IReadOnlyList<Silence> ISilenceRepository.LoadAll()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, matchers, starts_at_ms, ends_at_ms, created_by, comment, updated_at_ms FROM silences ORDER BY id";
            using var reader = command.ExecuteReader();
            var result = new List<Silence>();
            while (reader.Read())
            {
                result.Add(new Silence(reader.GetString(0), ReadMatchers(reader.GetString(1)), FromMs(reader.GetInt64(2)),
                    FromMs(reader.GetInt64(3)), reader.GetString(4), reader.GetString(5), FromMs(reader.GetInt64(6))));
            }
            return result;
        }
    }

    public void Save(Silence silence)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText =
                "INSERT OR REPLACE INTO silences (id, matchers, starts_at_ms, ends_at_ms, created_by, comment, updated_at_ms) " +
                "VALUES ($id, $matchers, $starts, $ends, $by, $comment, $updated)";
            command.Parameters.AddWithValue("$id", silence.Id);
            command.Parameters.AddWithValue("$matchers", WriteMatchers(silence.Matchers));
            command.Parameters.AddWithValue("$starts", silence.StartsAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$ends", silence.EndsAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$by", silence.CreatedBy);
            command.Parameters.AddWithValue("$comment", silence.Comment);
            command.Parameters.AddWithValue("$updated", silence.UpdatedAt.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
    }

    void ISilenceRepository.Delete(string id) => DeleteRow("DELETE FROM silences WHERE id = $key", id);

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private void DeleteRow(string sql, string key)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$key", key);
            command.ExecuteNonQuery();
        }
    }

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    // Matchers as [{"name":..,"op":"=~","value":..}]: the operator spelled as in Alertmanager, readable with sqlite3.
    private static string WriteMatchers(IReadOnlyList<LabelMatcher> matchers) =>
        JsonSerializer.Serialize(matchers.Select(m => new StoredMatcher(m.Name, OpText(m.Op), m.Value)).ToList());

    private static IReadOnlyList<LabelMatcher> ReadMatchers(string json) =>
        (JsonSerializer.Deserialize<List<StoredMatcher>>(json) ?? [])
            .Select(m => new LabelMatcher(m.Name, ParseOp(m.Op), m.Value))
            .ToList();

    private static string OpText(MatchOp op) => op switch
    {
        MatchOp.Equal => "=",
        MatchOp.NotEqual => "!=",
        MatchOp.Regex => "=~",
        _ => "!~",
    };

    private static MatchOp ParseOp(string text) => text switch
    {
        "=" => MatchOp.Equal,
        "!=" => MatchOp.NotEqual,
        "=~" => MatchOp.Regex,
        "!~" => MatchOp.NotRegex,
        _ => throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{FileName}: unknown matcher operator '{text}'")),
    };

    private sealed record StoredMatcher(string Name, string Op, string Value);
}
