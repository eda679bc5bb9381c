using System.Net;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;
using static HmsOps.Integration.Tests.Infrastructure.TelemetryJson;

namespace HmsOps.Integration.Tests.Ingest;

/// <summary>
/// Past Ingest:MaxQueuedEvents the console answers 429 with Retry-After instead of queueing without bound,
/// and the answer is exact: everything acknowledged is stored, nothing refused is.
/// </summary>
[Collection(HeavyConsoleCollection.Name)]
public sealed class IngestSaturationTests : IAsyncLifetime
{
    private const int EventsPerRequest = 500;
    private const int RequestsPerBurst = 16;

    private readonly ConsoleProcess _console = new(new Dictionary<string, string>
    {
        ["Demo:Enabled"] = "false",
        ["Ingest:MaxQueuedEvents"] = "600",
        ["Ingest:RetryAfterSeconds"] = "2",
    });

    public Task InitializeAsync() => _console.StartAndWaitUntilReadyAsync();

    public async Task DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task Concurrent_batches_past_the_queue_bound_get_429_and_only_acknowledged_ones_are_stored()
    {
        using var client = _console.CreateClient();
        var outcomes = new List<Outcome>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        for (var burst = 0; !outcomes.Any(o => o.Status == HttpStatusCode.TooManyRequests) && DateTime.UtcNow < deadline; burst++)
        {
            var requests = Enumerable.Range(0, RequestsPerBurst).Select(i => SendAsync(client, $"sat-{burst}-{i}"));
            outcomes.AddRange(await Task.WhenAll(requests));
        }

        var saturated = outcomes.Where(o => o.Status == HttpStatusCode.TooManyRequests).ToArray();
        var accepted = outcomes.Where(o => o.Status == HttpStatusCode.Accepted).ToArray();
        Assert.True(saturated.Length > 0, $"no 429 in {outcomes.Count} requests of {EventsPerRequest} events");
        Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests }));
        Assert.All(saturated, o =>
        {
            Assert.Equal("2", o.RetryAfter);
            Assert.Equal(429, o.Problem!.Status);
            Assert.Contains("Ingest:MaxQueuedEvents", o.Problem.Detail, StringComparison.Ordinal);
        });
        Assert.NotEmpty(accepted);

        await _console.StopAsync();
        using var store = StoredTelemetry.Open(_console.DataPath);
        Assert.All(accepted, o => Assert.Equal(EventsPerRequest, store.LogsOf(o.Service).Count));
        Assert.All(saturated, o => Assert.Empty(store.LogsOf(o.Service)));
        Assert.Equal(accepted.Length * EventsPerRequest, store.CountLogs());
    }

    private static async Task<Outcome> SendAsync(HttpClient client, string service)
    {
        using var response = await client.PostIngestAsync(Batch(service));
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? string.Join(",", values) : null;
        var problem = response.StatusCode == HttpStatusCode.TooManyRequests ? await Problem.ReadAsync(response) : null;
        return new Outcome(service, response.StatusCode, retryAfter, problem);
    }

    /// <summary>A batch whose logs all carry the service name, so what was stored can be counted per request.</summary>
    private static string Batch(string service) =>
        Array(Enumerable.Range(0, EventsPerRequest).Select(i => Log(service, $"{service} event {i}")));

    private sealed record Outcome(string Service, HttpStatusCode Status, string? RetryAfter, Problem? Problem);
}
