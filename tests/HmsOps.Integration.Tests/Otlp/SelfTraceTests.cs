using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Otlp;

/// <summary>With Telemetry:SelfTrace the console's own requests show up as its own spans, without tracing its exports.</summary>
public sealed class SelfTraceTests : IAsyncLifetime
{
    private readonly ConsoleProcess _console = new(new Dictionary<string, string>
    {
        ["Demo:Enabled"] = "false",
        ["Telemetry:SelfTrace"] = "true",
    });

    public Task InitializeAsync() => _console.StartAndWaitUntilReadyAsync();

    public async Task DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task A_query_request_is_found_as_a_span_of_the_console_and_its_exports_are_not_traced()
    {
        using var client = _console.CreateClient();
        using (var response = await client.GetAsync("/api/v1/query?query=vector(1)"))
        {
            response.EnsureSuccessStatusCode();
        }

        await Poll.UntilAsync(() => StoredTelemetry.CountWhileRunning(_console.DataPath,
                "SELECT count(*) FROM spans WHERE service = 'hms-ops-console' AND name LIKE '%/api/v1/query%' AND kind = 2"),
            n => n >= 1, "the console's span of its own query request");

        Assert.Equal(0, StoredTelemetry.CountWhileRunning(_console.DataPath,
            "SELECT count(*) FROM spans WHERE service = 'hms-ops-console' AND (name LIKE '%/v1/%' AND name NOT LIKE '%/api/v1/%' OR name LIKE '%readyz%')"));
    }

    [Fact]
    public async Task Self_tracing_without_any_api_key_stops_start_up_naming_the_key()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Telemetry:SelfTrace"] = "true",
            ["Ingest:ApiKeys:0"] = "",
        });

        console.Start();
        var exitCode = await console.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains(console.StandardError, line => line.Contains("Telemetry:SelfTraceApiKey", StringComparison.Ordinal));
    }
}
