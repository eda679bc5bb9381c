using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HmsOps.Core.Alerting;
using HmsOps.Core.Telemetry;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Tests.Shared;
using static HmsOps.Integration.Tests.Alerting.External.ConsoleAlertsClient;

namespace HmsOps.Integration.Tests.Alerting.External;

/// <summary>A console with <c>Metrics:Source=Prometheus</c> whose Prometheus is down, and its Alertmanager webhook.</summary>
public sealed class AlertmanagerWebhookTests(AlertmanagerWebhookTests.PrometheusSourcedConsole fixture)
    : IClassFixture<AlertmanagerWebhookTests.PrometheusSourcedConsole>
{
    public const string Token = "s3cret-webhook-token";

    public sealed class PrometheusSourcedConsole : ConsoleFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Demo:Enabled"] = "false",
            ["Metrics:Source"] = "Prometheus",
            // Nothing listens there: the poller finds Prometheus unreachable.
            ["Metrics:Prometheus:BaseUrl"] = $"http://127.0.0.1:{ConsoleProcess.FreePort()}",
            ["Metrics:Prometheus:Timeout"] = "00:00:01",
            ["Alerting:Alertmanager:BearerToken"] = Token,
            ["Alerting:Alertmanager:MaxBodyBytes"] = "8192",
            ["Alerting:Alertmanager:MaxAlertsPerRequest"] = "3",
            ["Alerting:Prometheus:PollInterval"] = "00:00:01",
        };
    }

    private static string AlertJson(string name, string status = "firing", string startsAt = "2026-11-25T10:00:00Z", string endsAt = "0001-01-01T00:00:00Z") => $$"""
        {"status":"{{status}}","labels":{"alertname":"{{name}}","severity":"warning","service":"claims-api"},
         "annotations":{"summary":"{{name}} from the test"},"startsAt":"{{startsAt}}","endsAt":"{{endsAt}}",
         "generatorURL":"http://prometheus.example/graph","fingerprint":"{{Fingerprint(name)}}"}
        """;

    private static string Payload(string status, params string[] alerts) => $$"""
        {"version":"4","groupKey":"{}:{}","truncatedAlerts":0,"status":"{{status}}","receiver":"console",
         "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager.example",
         "alerts":[{{string.Join(",", alerts)}}]}
        """;

    private static string Fingerprint(string name) =>
        AlertFingerprint.Of(LabelSet.From(("alertname", name), ("severity", "warning"), ("service", "claims-api")));

    private async Task<HttpResponseMessage> PostAsync(string body, string? token = Token)
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alertmanager/webhook")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await client.SendAsync(request);
    }

    private async Task<List<BookAlert>> AlertsNamedAsync(string name)
    {
        using var client = fixture.Console.CreateClient();
        return (await AlertsAsync(client)).Where(a => a.Name == name).ToList();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    public async Task A_call_without_the_configured_bearer_token_gets_401_and_stores_nothing(string? token)
    {
        using var response = await PostAsync(Payload("firing", AlertJson("WebhookNoToken")), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Equal("Authorization", Assert.Single(problem.Errors).Field);
        Assert.DoesNotContain(Token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await AlertsNamedAsync("WebhookNoToken"));
    }

    [Fact]
    public async Task A_firing_alert_sent_twice_is_one_firing_alert_from_alertmanager_and_then_resolves()
    {
        using (var first = await PostAsync(Payload("firing", AlertJson("WebhookFiring"))))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using (var again = await PostAsync(Payload("firing", AlertJson("WebhookFiring"))))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        var alert = Assert.Single(await AlertsNamedAsync("WebhookFiring"));
        Assert.Equal("firing", alert.State);
        Assert.Equal("alertmanager", alert.Origin);
        Assert.Equal(Fingerprint("WebhookFiring"), alert.Fingerprint);
        Assert.Equal("WebhookFiring from the test", alert.Annotations["summary"]);

        // Resolved just now (with Go's nanoseconds): older than Alerting:ResolvedRetention it would be gone at once.
        var endsAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + ".123456789Z";
        using (var resolved = await PostAsync(Payload("resolved", AlertJson("WebhookFiring", "resolved", endsAt: endsAt))))
        {
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        }
        var after = Assert.Single(await AlertsNamedAsync("WebhookFiring"));
        Assert.Equal("resolved", after.State);
        Assert.Equal(alert.ActiveAt, after.ActiveAt);
    }

    [Fact]
    public async Task A_payload_with_one_bad_alert_is_refused_whole_naming_the_field()
    {
        using var response = await PostAsync(Payload("firing", AlertJson("WebhookGood"), AlertJson("WebhookBad", startsAt: "soon")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Contains(problem.Errors, e => e.Field == "alerts[1].startsAt");
        Assert.Empty(await AlertsNamedAsync("WebhookGood"));
    }

    [Fact]
    public async Task Too_many_alerts_and_too_large_bodies_are_refused()
    {
        using (var tooMany = await PostAsync(Payload("firing", AlertJson("A1"), AlertJson("A2"), AlertJson("A3"), AlertJson("A4"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
            Assert.Equal("alerts", Assert.Single((await Problem.ReadAsync(tooMany)).Errors).Field);
        }
        var huge = AlertJson("WebhookHuge").Replace("from the test", new string('x', 10_000), StringComparison.Ordinal);
        using var tooLarge = await PostAsync(Payload("firing", huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("body", Assert.Single((await Problem.ReadAsync(tooLarge)).Errors).Field);
    }

    [Fact]
    public async Task An_unreachable_prometheus_is_shown_as_a_stale_source()
    {
        using var client = fixture.Console.CreateClient();

        var source = await Poll.UntilAsync(() => SourceAsync(client, "Prometheus"), s => s.Health == "stale", "the Prometheus source stale");

        Assert.NotNull(source.StaleSince);
        Assert.False(string.IsNullOrWhiteSpace(source.LastError));
        Assert.Equal(1, fixture.Console.StandardOutput.Count(l => l.Contains("Cannot poll alerts from Prometheus", StringComparison.Ordinal)));
    }
}
