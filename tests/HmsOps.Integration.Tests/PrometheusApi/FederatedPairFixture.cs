using System.Text.Json;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Prometheus;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.PrometheusApi;

/// <summary>
/// The console (demo off) holding a few series ingested through the JSON ingest API, and a real Prometheus scraping the
/// console's <c>/federate</c> every second with <c>honor_labels: true</c> (the target's job and instance labels are
/// dropped so both hold identical series). Once Prometheus has them, the same query can be asked of both.
/// </summary>
public sealed class FederatedPairFixture : IAsyncLifetime
{
    public const string Gauge = "hms_api_test_depth";
    public const string Counter = "hms_api_test_jobs_total";
    public const string Timing = "hms_api_test_latency_seconds";

    public ConsoleProcess Console { get; } = new(new Dictionary<string, string> { ["Demo:Enabled"] = "false" });

    public ScrapingPrometheus Prometheus { get; private set; } = null!;

    /// <summary>When the samples were ingested (whole milliseconds, as both stores keep).</summary>
    public DateTimeOffset IngestedAt { get; private set; }

    public HttpClient ConsoleHttp { get; private set; } = null!;

    public HttpClient PrometheusHttp { get; private set; } = null!;

    public IPrometheusApi ConsoleApi { get; private set; } = null!;

    public IPrometheusApi PrometheusApi { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Console.StartAndWaitUntilReadyAsync();
        IngestedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var ms = IngestedAt.ToUnixTimeMilliseconds();
        object[] events =
        [
            Metric(Gauge, "gauge", 3, ms, ("svc", "a")),
            Metric(Gauge, "gauge", 5.5, ms, ("svc", "b")),
            Metric(Counter, "counter", 7, ms, ("svc", "a"), ("path", "C:\\q \"x\"")),
            Metric(Timing, "timing", 0.004, ms, ("svc", "a")),
            Metric(Timing, "timing", 0.3, ms, ("svc", "a")),
            Metric(Timing, "timing", 2, ms, ("svc", "a")),
        ];
        using (var ingest = Console.CreateClient())
        {
            using var response = await ingest.PostIngestAsync(JsonSerializer.Serialize(events));
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        Prometheus = new ScrapingPrometheus(_ => $$"""
              - job_name: console
                honor_labels: true
                metrics_path: /federate
                params:
                  'match[]': ['{__name__=~"hms_api_test_.+"}']
                static_configs:
                  - targets: ['127.0.0.1:{{Console.Port}}']
                metric_relabel_configs:
                  - action: labeldrop
                    regex: job|instance
            """);
        await Prometheus.StartAsync();

        ConsoleHttp = new HttpClient { BaseAddress = new Uri(Console.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        PrometheusHttp = new HttpClient { BaseAddress = new Uri(Prometheus.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        ConsoleApi = PrometheusApiClient.Create(ConsoleHttp);
        PrometheusApi = PrometheusApiClient.Create(PrometheusHttp);
    }

    /// <summary>Waits until Prometheus has scraped every ingested series from the console.</summary>
    public Task ScrapedAsync() => Poll.UntilAsync(
        async () => (await PrometheusApi.QueryAsync($"count({{__name__=~\"hms_api_test_.+\"}})", IngestedAt.AddSeconds(1))).Data?.Vector,
        vector => vector is [{ Value.Value: >= 3 + 14 }],
        "Prometheus to hold the console's series through /federate");

    public async Task DisposeAsync()
    {
        ConsoleHttp?.Dispose();
        PrometheusHttp?.Dispose();
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }
        await Console.DisposeAsync();
    }

    private static object Metric(string name, string kind, double value, long ms, params (string Name, string Value)[] labels) => new
    {
        type = "metric",
        payload = new { name, kind, value, timestamp = ms, labels = labels.ToDictionary(l => l.Name, l => l.Value) },
    };
}

[CollectionDefinition(Name)]
public sealed class FederatedPairCollection : ICollectionFixture<FederatedPairFixture>
{
    public const string Name = "Console scraped by a real Prometheus";
}
