using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using HmsOps.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using static HmsOps.Integration.Tests.Infrastructure.TelemetryJson;

namespace HmsOps.Integration.Tests.Live;

public sealed class LiveConsoleFixture : ConsoleFixture
{
    public const int MaxPerConnection = 3;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Demo:Enabled"] = "false",
        ["Live:MaxSubscriptionsPerConnection"] = MaxPerConnection.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>/hubs/metrics against the real console: pushes of ingested data, refused parameters, cleanup on disconnect.</summary>
public sealed class MetricsHubTests(LiveConsoleFixture fixture) : IClassFixture<LiveConsoleFixture>
{
    [Fact]
    public async Task A_subscriber_is_pushed_the_ingested_value_as_a_prometheus_vector()
    {
        await IngestGaugeAsync("live_probe_temperature", 42.5, ("service", "live-svc"));
        await using var hub = await HubClient.ConnectAsync(fixture.Console);

        var id = await hub.SubscribeAsync("live_probe_temperature{service=\"live-svc\"}");

        var result = await Poll.UntilAsync(
            () => hub.ResultsFor(id).LastOrDefault(),
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("result").ValueKind == JsonValueKind.Array
                && r.GetProperty("result").GetArrayLength() == 1,
            "a pushed result with the ingested sample");
        Assert.Equal("vector", result.GetProperty("resultType").GetString());
        var sample = result.GetProperty("result")[0];
        Assert.Equal("live-svc", sample.GetProperty("metric").GetProperty("service").GetString());
        Assert.Equal("live_probe_temperature", sample.GetProperty("metric").GetProperty("__name__").GetString());
        Assert.Equal("42.5", sample.GetProperty("value")[1].GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("unavailableSince").ValueKind);
        Assert.True(result.GetProperty("evaluatedAt").TryGetDateTimeOffset(out _));
    }

    [Fact]
    public async Task A_range_subscription_is_pushed_a_matrix_and_keeps_being_pushed()
    {
        await IngestGaugeAsync("live_probe_depth", 7, ("service", "range-svc"));
        await using var hub = await HubClient.ConnectAsync(fixture.Console);

        var id = await hub.SubscribeAsync("live_probe_depth", rangeSeconds: 300, stepSeconds: 15, refreshSeconds: 1);

        var results = await Poll.UntilAsync(
            () => hub.ResultsFor(id),
            r => r.Count >= 2 && r[^1].GetProperty("result").ValueKind == JsonValueKind.Array && r[^1].GetProperty("result").GetArrayLength() == 1,
            "two pushes of the range query");
        var last = results[^1];
        Assert.Equal("matrix", last.GetProperty("resultType").GetString());
        var values = last.GetProperty("result")[0].GetProperty("values");
        Assert.Equal("7", values[values.GetArrayLength() - 1][1].GetString());
        Assert.True(results[^1].GetProperty("evaluatedAt").GetDateTimeOffset() > results[0].GetProperty("evaluatedAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("", 0, 0, 1, "expr")]
    [InlineData("sum(rate(up[1m])", 0, 0, 1, "expr")]
    [InlineData("up[5m]", 300, 15, 1, "expr")]
    [InlineData("up", -5, 0, 1, "rangeSeconds")]
    [InlineData("up", 60, 0, 1, "stepSeconds")]
    [InlineData("up", 86_400, 0.001, 1, "stepSeconds")]
    [InlineData("up", 0, 0, 0.01, "refreshSeconds")]
    public async Task Bad_parameters_are_refused_naming_the_parameter(string expr, double range, double step, double refresh, string parameter)
    {
        await using var hub = await HubClient.ConnectAsync(fixture.Console);

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.SubscribeAsync(expr, range, step, refresh));

        Assert.Contains(": " + parameter + " ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_cannot_hold_more_than_its_cap_of_subscriptions()
    {
        await using var hub = await HubClient.ConnectAsync(fixture.Console);
        var ids = new List<string>();
        for (var i = 0; i < LiveConsoleFixture.MaxPerConnection; i++)
        {
            ids.Add(await hub.SubscribeAsync($"cap_probe_{i}"));
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.SubscribeAsync("cap_probe_extra"));
        Assert.Contains("Live:MaxSubscriptionsPerConnection", refused.Message, StringComparison.Ordinal);

        Assert.True(await hub.UnsubscribeAsync(ids[0]));
        Assert.False(await hub.UnsubscribeAsync(ids[0]));
        Assert.NotEmpty(await hub.SubscribeAsync("cap_probe_extra"));
    }

    [Fact]
    public async Task Closing_the_connection_removes_its_subscriptions()
    {
        using var http = fixture.Console.CreateClient(withApiKey: false);
        var hub = await HubClient.ConnectAsync(fixture.Console);
        await hub.SubscribeAsync("disconnect_probe_a");
        await hub.SubscribeAsync("disconnect_probe_b", rangeSeconds: 60, stepSeconds: 15);
        // Other tests of this class close their connections too, so wait for exactly this one's two.
        await Poll.UntilAsync(() => GaugeAsync(http, "hmsops_live_hub_subscriptions"), v => v == 2, "this connection's two subscriptions");
        Assert.True(await GaugeAsync(http, "hmsops_live_queries") >= 2);

        await hub.DisposeAsync();

        await Poll.UntilAsync(() => GaugeAsync(http, "hmsops_live_hub_subscriptions"), v => v == 0, "no hub subscriptions left");
        await Poll.UntilAsync(() => GaugeAsync(http, "hmsops_live_subscribers"), v => v == 0, "no scheduler subscribers left");
        Assert.Equal(0, await GaugeAsync(http, "hmsops_live_queries"));
    }

    private async Task IngestGaugeAsync(string name, double value, params (string Name, string Value)[] labels)
    {
        using var client = fixture.Console.CreateClient();
        using var response = await client.PostIngestAsync(Single(Gauge(name, value, labels)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task<double> GaugeAsync(HttpClient client, string name)
    {
        var text = await client.GetStringAsync("/metrics");
        var match = Regex.Match(text, "^" + Regex.Escape(name) + @" (\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
    }
}
