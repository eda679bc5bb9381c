using System.Text.Json;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Integration.Tests.Live;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.PrometheusApi;

/// <summary>
/// A second console with <c>Metrics:Source=Prometheus</c>, pointed at the Prometheus that scrapes the first console's
/// /federate, pushes the same live results as the first console computes from its embedded store.
/// </summary>
[Collection(FederatedPairCollection.Name)]
public sealed class PrometheusSourcedConsoleTests(FederatedPairFixture pair)
{
    // The radar's kinds of query: heatmap buckets, a quantile, a per-service sum.
    private static readonly string[] Queries =
    [
        $"sum by (le) ({FederatedPairFixture.Timing}_bucket)",
        $"histogram_quantile(0.95, sum by (le) ({FederatedPairFixture.Timing}_bucket))",
        $"sum by (svc) ({FederatedPairFixture.Gauge})",
    ];

    [Fact]
    public async Task A_console_reading_prometheus_shows_what_the_embedded_console_shows()
    {
        await pair.ScrapedAsync();
        await using var reader = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Metrics:Source"] = "Prometheus",
            ["Metrics:Prometheus:BaseUrl"] = pair.Prometheus.BaseUrl,
        });
        await reader.StartAndWaitUntilReadyAsync();
        await using var embeddedHub = await HubClient.ConnectAsync(pair.Console);
        await using var prometheusHub = await HubClient.ConnectAsync(reader);

        foreach (var query in Queries)
        {
            var embedded = await FirstResultAsync(embeddedHub, query);
            var viaPrometheus = await FirstResultAsync(prometheusHub, query);

            Assert.NotEmpty(embedded);
            Assert.Equal(embedded, viaPrometheus);
        }
    }

    /// <summary>The first pushed result with data, as sorted "labels value" lines (evaluation times differ per console).</summary>
    private static async Task<List<string>> FirstResultAsync(HubClient hub, string query)
    {
        var id = await hub.SubscribeAsync(query);
        var result = await Poll.UntilAsync(
            () => hub.ResultsFor(id).LastOrDefault(),
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("result") is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0,
            $"a pushed result of {query}");
        return result.GetProperty("result").EnumerateArray()
            .Select(sample => $"{Labels(sample.GetProperty("metric"))} {sample.GetProperty("value")[1].GetString()}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Labels(JsonElement metric) =>
        string.Join(",", metric.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}").Order(StringComparer.Ordinal));
}
