using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using HmsOps.Integration.Tests.Infrastructure;
using static HmsOps.Integration.Tests.Infrastructure.TelemetryJson;

namespace HmsOps.Integration.Tests.Observability;

/// <summary>/metrics exposes the console's own hmsops_* metrics in Prometheus text format, counting what happened.</summary>
public sealed partial class MetricsEndpointTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task Accepted_events_and_refused_requests_are_counted()
    {
        using var client = fixture.Console.CreateClient();
        using var anonymous = fixture.Console.CreateClient(withApiKey: false);

        using (var accepted = await client.PostIngestAsync(Array([Log("metrics-svc", "a"), Log("metrics-svc", "b"), Log("metrics-svc", "c")])))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
        using (var refused = await anonymous.PostIngestAsync(Single(Log("metrics-svc", "no key"))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        var text = await ScrapeAsync(anonymous);

        Assert.Equal(3, Sample(text, "hmsops_ingest_events_total{type=\"log\"}"));
        Assert.Equal(1, Sample(text, "hmsops_ingest_rejections_total{reason=\"unauthorized\"}"));
    }

    [Theory]
    [InlineData("hmsops_ingest_events_total", "counter")]
    [InlineData("hmsops_ingest_rejections_total", "counter")]
    [InlineData("hmsops_ingest_queue_events", "gauge")]
    [InlineData("hmsops_circuits", "gauge")]
    [InlineData("hmsops_metric_series", "gauge")]
    public async Task The_console_metrics_are_exposed_with_their_type(string name, string type)
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);

        var text = await ScrapeAsync(client);

        Assert.Contains($"# TYPE {name} {type}", text.Split('\n'));
    }

    [Fact]
    public async Task The_queue_gauge_and_circuit_count_have_values()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);

        var text = await ScrapeAsync(client);

        Assert.NotNull(Sample(text, "hmsops_ingest_queue_events"));
        Assert.Equal(0, Sample(text, "hmsops_circuits")); // no browser tab is open
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of the sample whose name and labels are exactly <paramref name="series"/>, or null.</summary>
    private static double? Sample(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (match.Success && match.Groups["series"].Value == series)
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    [GeneratedRegex(@"^(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?) (?<value>\S+)")]
    private static partial Regex SampleLine();
}
