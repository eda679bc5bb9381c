using System.Net;
using Google.Protobuf;
using HmsOps.Core.Otlp.Proto.Collector;
using HmsOps.Core.Otlp.Proto.Rpc;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;
using static HmsOps.Integration.Tests.Otlp.OtlpHttp;

namespace HmsOps.Integration.Tests.Otlp;

/// <summary>OTLP's 200 means what /ingest's 202 means: durable. And past the queue bound it answers 429 like /ingest.</summary>
[Collection(HeavyConsoleCollection.Name)]
public sealed class OtlpDurabilityTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Demo:Enabled"] = "false",
        ["Metrics:SnapshotInterval"] = "01:00:00",
    };

    private readonly ConsoleProcess _first = new(Settings);
    private ConsoleProcess? _restarted;

    public Task InitializeAsync() => _first.StartAndWaitUntilReadyAsync();

    public async Task DisposeAsync()
    {
        if (_restarted is not null)
        {
            await _restarted.DisposeAsync();
        }
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Every_span_acknowledged_before_a_kill_9_is_there_after_restart()
    {
        var traces = Enumerable.Range(0, 20).Select(_ => NewTraceId()).ToArray();
        using (var client = _first.CreateClient())
        {
            foreach (var group in traces.Chunk(4))
            {
                var responses = await Task.WhenAll(group.Select(t => client.PostAsync("/v1/traces", Trace("otlp-durable-svc", t, 10).ToByteArray(), Protobuf)));
                Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            }
        }

        await _first.KillHardAsync();
        Assert.Equal(137, _first.ExitCode);

        _restarted = new ConsoleProcess(Settings, dataPath: _first.DataPath);
        await _restarted.StartAndWaitUntilReadyAsync();
        await _restarted.StopAsync();
        using var store = StoredTelemetry.Open(_first.DataPath);
        Assert.All(traces, t => Assert.Equal(10, store.GetTrace(t).Count));
    }
}

/// <summary>Past Ingest:MaxQueuedEvents an exporter is told to back off (429 + Retry-After), with a Status saying why.</summary>
[Collection(HeavyConsoleCollection.Name)]
public sealed class OtlpSaturationTests : IAsyncLifetime
{
    private readonly ConsoleProcess _console = new(new Dictionary<string, string>
    {
        ["Demo:Enabled"] = "false",
        ["Ingest:MaxQueuedEvents"] = "600",
        ["Ingest:RetryAfterSeconds"] = "2",
    });

    public Task InitializeAsync() => _console.StartAndWaitUntilReadyAsync();

    public async Task DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task Concurrent_exports_past_the_queue_bound_get_429_with_retry_after()
    {
        using var client = _console.CreateClient();
        var body = Trace("otlp-saturated-svc", NewTraceId(), 500).ToByteArray();
        var saturated = new List<HttpResponseMessage>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (saturated.Count == 0 && DateTime.UtcNow < deadline)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.PostAsync("/v1/traces", body, Protobuf)));
            Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
            saturated.AddRange(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        }

        Assert.NotEmpty(saturated);
        Assert.Equal("2", saturated[0].Headers.RetryAfter?.ToString());
        var status = Status.Parser.ParseFrom(await saturated[0].Content.ReadAsByteArrayAsync());
        Assert.Contains("Ingest:MaxQueuedEvents", status.Message);
    }
}
