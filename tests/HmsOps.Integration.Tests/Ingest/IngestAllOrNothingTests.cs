using System.Net;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;
using static HmsOps.Integration.Tests.Infrastructure.TelemetryJson;

namespace HmsOps.Integration.Tests.Ingest;

/// <summary>A request with one bad item stores nothing, not even its good items.</summary>
public sealed class IngestAllOrNothingTests : IAsyncLifetime
{
    private const string Service = "all-or-nothing";
    private readonly ConsoleProcess _console = new(new Dictionary<string, string> { ["Demo:Enabled"] = "false" });

    public Task InitializeAsync() => _console.StartAndWaitUntilReadyAsync();

    public async Task DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task The_good_item_of_a_refused_request_is_not_stored()
    {
        using var client = _console.CreateClient();
        var refusedMessage = "refused-" + Guid.NewGuid().ToString("N");
        var acceptedMessage = "accepted-" + Guid.NewGuid().ToString("N");

        using var refused = await client.PostIngestAsync(Array([
            Log(Service, refusedMessage),
            new { type = "log", payload = new { timestamp = NowMs, level = "info", service = Service } }, // no message
        ]));
        using var accepted = await client.PostIngestAsync(Single(Log(Service, acceptedMessage)));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await Problem.ReadAsync(refused);
        Assert.Equal(1, problem.Errors[0].Index);
        Assert.Equal("payload.message", problem.Errors[0].Field);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        await _console.StopAsync();
        using var store = StoredTelemetry.Open(_console.DataPath);
        Assert.Equal([acceptedMessage], store.LogsOf(Service).Select(l => l.Message));
        Assert.Equal(1, store.CountLogs());
    }
}
