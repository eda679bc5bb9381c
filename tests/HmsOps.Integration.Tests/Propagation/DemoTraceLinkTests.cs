using System.Text.Json;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Integration.Tests.TraceApi;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Propagation;

/// <summary>
/// The demo fleet's trace_link logs are ingested like any client's: searchable by field, and the trace a seed
/// client's x-trace became opens with every hop of the request.
/// </summary>
[Collection(HeavyConsoleCollection.Name)]
public sealed class DemoTraceLinkTests : IAsyncLifetime
{
    private readonly ConsoleProcess _console = new(new Dictionary<string, string>
    {
        ["Demo:Enabled"] = "true",
        ["Demo:RequestsPerSecond"] = "20",
        ["Demo:TraceSampleRate"] = "1",
    });

    public Task InitializeAsync() => _console.StartAndWaitUntilReadyAsync();

    public async Task DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task A_seed_clients_x_trace_is_found_by_its_trace_link_and_opens_as_one_trace_of_every_hop()
    {
        using var client = _console.CreateClient(withApiKey: false);

        using var links = await Poll.UntilAsync(
            () => TraceApiTests.GetJsonAsync(client, "/api/logs?service=api-gw&field=header%3Dx-trace&limit=50"),
            d => d is not null && d.RootElement.GetProperty("logs").GetArrayLength() > 0, "a trace_link log of an x-trace request");

        var link = links!.RootElement.GetProperty("logs")[0];
        Assert.Equal("trace_link", link.GetProperty("message").GetString());
        var incoming = link.GetProperty("fields").GetProperty("incoming").GetString()!;
        var traceId = link.GetProperty("traceId").GetString()!;
        Assert.Equal(incoming.Replace("-", "", StringComparison.Ordinal), traceId);

        // The whole request lands in that trace: the gateway, claims-api and (for payments) ach-svc.
        using var trace = await Poll.UntilAsync(() => TraceApiTests.GetJsonAsync(client, $"/api/traces/{incoming}"),
            d => d is not null && d.RootElement.GetProperty("summary").GetProperty("spanCount").GetInt32() >= 2, $"trace {traceId} with its hops");
        var services = trace!.RootElement.GetProperty("summary").GetProperty("services").EnumerateArray().Select(s => s.GetString()).ToArray();
        Assert.Contains("api-gw", services);
        Assert.Contains("claims-api", services);
        var hops = await TraceApiTests.GetJsonAsync(client, $"/api/logs?traceId={traceId}&field=header%3Dtraceparent");
        Assert.True(hops!.RootElement.GetProperty("logs").GetArrayLength() >= 1, "the downstream hops joined through traceparent");
    }
}
