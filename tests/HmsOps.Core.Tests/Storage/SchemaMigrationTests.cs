using HmsOps.Core.Logs;
using HmsOps.Core.Storage;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Tests.TestSupport;
using HmsOps.Core.Traces;
using Microsoft.Data.Sqlite;

namespace HmsOps.Core.Tests.Storage;

public sealed class SchemaMigrationTests : IDisposable
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task An_older_database_is_migrated_with_its_logs_searchable_and_its_traces_summarised(int version)
    {
        var path = _dir.Combine("telemetry.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            SchemaMigrations.Apply(connection, version);
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO logs (ts_ms, level, service, message, trace_id, span_id, fields)
                    VALUES (1764936000000, 4, 'claims-api', 'claim 42 rejected', '4bf92f3577b34da6a3ce929d0e0e4736', NULL, '{"code":"E1023"}');
                INSERT INTO spans (trace_id, span_id, parent_span_id, service, name, start_us, duration_us, status, attributes)
                    VALUES ('4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7', NULL, 'api-gw', 'POST /claims', 1764936000000000, 25000, 0, '{}'),
                           ('4bf92f3577b34da6a3ce929d0e0e4736', 'b7ad6b7169203331', '00f067aa0ba902b7', 'claims-api', 'INSERT', 1764936000005000, 12500, 1, '{}');
                """;
            insert.ExecuteNonQuery();
        }

        using var store = new SqliteTelemetryStore(path);
        await using var pipelineStore = StoreFactory.Open(_dir.Combine("pipeline"));
        using var feed = new TelemetryFeed(pipelineStore.Pipeline);
        var reader = new SqliteTelemetryReader(store, feed);

        Assert.Equal(SchemaMigrations.Latest, store.SchemaVersion);
        var logs = await reader.QueryAsync(new LogQuery { Text = "rejected E1023" }, CancellationToken.None);
        Assert.Equal("claim 42 rejected", Assert.Single(logs.Logs).Log.Message);
        var summary = Assert.Single(await reader.SearchAsync(
            new TraceQuery(DateTimeOffset.FromUnixTimeMilliseconds(1764935000000), DateTimeOffset.FromUnixTimeMilliseconds(1764937000000)),
            CancellationToken.None));
        Assert.Equal((TraceId, 2, 1, "api-gw"), (summary.TraceId, summary.SpanCount, summary.ErrorCount, summary.RootService));
        Assert.Equal(2, (await reader.GetTraceAsync(TraceId, CancellationToken.None))!.Spans.Count);

        // A late span of the migrated trace joins it, and is added to its migrated summary.
        store.Write(1, [], [new SpanEvent(TraceId, "c0ffee0000000001", "b7ad6b7169203331", "claims-db", "INSERT row", 1764936000010000, 1000, SpanStatus.Ok, "{}")]);
        Assert.Equal(3, (await reader.GetTraceAsync(TraceId, CancellationToken.None))!.Spans.Count);
        var updated = Assert.Single(await reader.SearchAsync(
            new TraceQuery(DateTimeOffset.FromUnixTimeMilliseconds(1764935000000), DateTimeOffset.FromUnixTimeMilliseconds(1764937000000)),
            CancellationToken.None));
        Assert.Equal((3, 1, "api-gw"), (updated.SpanCount, updated.ErrorCount, updated.RootService));
        Assert.Equal(["api-gw", "claims-api", "claims-db"], updated.Services);
    }
}
