using HmsOps.Core.Storage;
using HmsOps.Core.Telemetry;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Integration.Tests.Archive;

/// <summary>The console's retention job and the archive settings, on a real console over a prepared data folder.</summary>
public sealed class RetentionWithArchiveTests
{
    private const int MaxLogRows = 1_000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Old_logs_wait_for_the_archive_when_it_is_on_and_are_deleted_when_it_is_off(bool archiveEnabled)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "hmsops-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataPath);
        try
        {
            // More recent rows than the cap, then one 40 days old (the highest id, so the cap spares it): once the cap
            // has trimmed, the retention job has run, and the old row shows what it does with rows past the hot window.
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            using (var store = StoredTelemetry.Open(dataPath))
            {
                var recent = Enumerable.Range(0, MaxLogRows + 50).Select(i => new LogEvent(now - i, LogLevel.Info, $"recent {i}", "api-gw", null, null, "{}"));
                store.Write(1, [.. recent, new LogEvent(now - (long)TimeSpan.FromDays(40).TotalMilliseconds, LogLevel.Info, "old", "api-gw", null, null, "{}")], []);
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            await using var console = new ConsoleProcess(new Dictionary<string, string>
            {
                ["Demo:Enabled"] = "false",
                ["Storage:MaxLogRows"] = MaxLogRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Archive:Enabled"] = archiveEnabled ? "true" : "false",
            }, dataPath: dataPath);
            await console.StartAndWaitUntilReadyAsync();

            await Poll.UntilAsync(() => StoredTelemetry.CountWhileRunning(dataPath, "SELECT count(*) FROM logs WHERE message LIKE 'recent%'"),
                count => count < MaxLogRows + 50, "the retention job trimmed the logs to Storage:MaxLogRows");

            var old = StoredTelemetry.CountWhileRunning(dataPath, "SELECT count(*) FROM logs WHERE message = 'old'");
            Assert.Equal(archiveEnabled ? 1 : 0, old);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_retention_and_archive_settings_are_named_and_the_older_Storage_HotDays_key_is_still_read()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Storage:HotDays"] = "0",
            ["Archive:RunAt"] = "1.00:00:00",
        });
        console.Start();

        Assert.Equal(2, await console.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var reason = string.Join('\n', console.StandardError);
        Assert.Contains("Retention:HotDays", reason, StringComparison.Ordinal);
        Assert.Contains("Archive:RunAt", reason, StringComparison.Ordinal);
    }
}
