using System.Net;
using System.Net.Http.Json;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Demo;

/// <summary>With the demo fleet running, a latency fault on ach-svc shows up in the spans it stores.</summary>
[Collection(HeavyConsoleCollection.Name)]
public sealed class FaultVisibleInTelemetryTests : IAsyncLifetime
{
    private const string SlowAchSpans = "SELECT count(*) FROM spans WHERE service = 'ach-svc' AND duration_us >= $min";
    private const long FaultMicros = 3_000_000;

    private readonly ConsoleProcess _console = new(new Dictionary<string, string>
    {
        ["Demo:Enabled"] = "true",
        ["Demo:RequestsPerSecond"] = "50",
        ["Demo:TraceSampleRate"] = "0.5",
    });

    public Task InitializeAsync() => _console.StartAndWaitUntilReadyAsync();

    public async Task DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task A_3000_ms_latency_fault_on_ach_svc_appears_as_slow_ach_svc_spans()
    {
        // Before the fault: ach-svc spans are being stored, and none is anywhere near 3 s.
        await Poll.UntilAsync(
            () => StoredTelemetry.CountWhileRunning(_console.DataPath, "SELECT count(*) FROM spans WHERE service = 'ach-svc'"),
            count => count > 0, "the demo fleet to store ach-svc spans");
        Assert.Equal(0, SlowAchCount());

        using var client = _console.CreateClient();
        using var set = await client.PostAsJsonAsync("/api/demo/faults", new { service = "ach-svc", latencyMs = 3000, durationSeconds = 600 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        await Poll.UntilAsync(SlowAchCount, count => count > 0, "ach-svc spans of at least 3000 ms");
    }

    private long SlowAchCount() => StoredTelemetry.CountWhileRunning(_console.DataPath, SlowAchSpans, ("$min", FaultMicros));
}
