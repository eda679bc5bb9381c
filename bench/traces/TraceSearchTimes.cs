using System.Diagnostics;
using HmsOps.Bench.PromQL;
using HmsOps.Core.Ingest;
using HmsOps.Core.Metrics;
using HmsOps.Core.Storage;
using HmsOps.Core.Traces;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace HmsOps.Bench.Traces;

/// <summary>
/// Trace search through the real reader (the summary table) next to the aggregate over spans the first reader ran,
/// for the searches the Traces page makes: the last hour, one service's errors over a day, slow traces over a day.
/// </summary>
public static class TraceSearchTimes
{
    // Since schema step 5 a trace's spans are found by its number (trace_key), not by the text id, which has no index of its own.
    private const string Aggregate = """
        WITH matched AS (SELECT trace_key FROM spans WHERE start_us BETWEEN $from AND $to {0} GROUP BY trace_key)
        SELECT min(s.trace_id), min(s.start_us), max(s.start_us + s.duration_us) - min(s.start_us), count(*), group_concat(DISTINCT s.service), sum(s.status)
        FROM matched m JOIN spans s ON s.trace_key = m.trace_key
        GROUP BY s.trace_key HAVING max(s.start_us + s.duration_us) - min(s.start_us) >= $min
        ORDER BY min(s.start_us) DESC LIMIT 100
        """;

    public static IReadOnlyList<(string Name, Latencies Summary, Latencies Aggregate)> Measure(string dbPath, string dataPath, int runs)
    {
        var store = EmbeddedStore.Open(dataPath, new StorageOptions { DataPath = dataPath }, new IngestOptions(), new MetricsOptions(),
            new IngestStatistics(), NullLoggerFactory.Instance);
        try
        {
            using var feed = new TelemetryFeed(store.Pipeline);
            var reader = new SqliteTelemetryReader(store.Sqlite, feed);
            var newest = NewestStart(dbPath);
            var end = DateTimeOffset.FromUnixTimeMilliseconds(newest / 1000 + 1);
            (string Name, TraceQuery Query, string Filter)[] searches =
            [
                ("last hour", new TraceQuery(end.AddHours(-1), end), ""),
                ("claims-db errors, last day", new TraceQuery(end.AddDays(-1), end, Service: "claims-db", ErrorsOnly: true), "AND service = 'claims-db' AND status = 1"),
                ("≥ 500 ms, last day", new TraceQuery(end.AddDays(-1), end, MinDurationMicros: 500_000), ""),
            ];
            var results = new List<(string, Latencies, Latencies)>();
            foreach (var (name, query, filter) in searches)
            {
                var summary = new Latencies();
                var aggregate = new Latencies();
                for (var i = 0; i < runs; i++)
                {
                    var watch = Stopwatch.StartNew();
                    reader.SearchAsync(query, CancellationToken.None).GetAwaiter().GetResult();
                    summary.Add(watch.Elapsed);
                }
                // The aggregate is slow on big windows: a handful of runs tell its order of magnitude.
                for (var i = 0; i < Math.Min(runs, 5); i++)
                {
                    var watch = Stopwatch.StartNew();
                    RunAggregate(dbPath, string.Format(System.Globalization.CultureInfo.InvariantCulture, Aggregate, filter), query);
                    aggregate.Add(watch.Elapsed);
                }
                results.Add((name, summary, aggregate));
            }
            return results;
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static long NewestStart(string dbPath)
    {
        using var connection = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(start_us) FROM spans";
        return (long)command.ExecuteScalar()!;
    }

    private static void RunAggregate(string dbPath, string sql, TraceQuery query)
    {
        using var connection = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$from", query.Start.ToUnixTimeMilliseconds() * 1000);
        command.Parameters.AddWithValue("$to", query.End.ToUnixTimeMilliseconds() * 1000);
        command.Parameters.AddWithValue("$min", query.MinDurationMicros ?? 0);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
        }
    }
}
