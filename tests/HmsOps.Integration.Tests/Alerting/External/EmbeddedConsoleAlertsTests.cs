using System.Net;
using System.Text;
using HmsOps.Integration.Tests.Infrastructure;
using static HmsOps.Integration.Tests.Alerting.External.ConsoleAlertsClient;

namespace HmsOps.Integration.Tests.Alerting.External;

/// <summary>The embedded default: security logs raise SecurityEvent alerts; the Alertmanager webhook is off.</summary>
public sealed class EmbeddedConsoleAlertsTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task A_security_log_posted_to_ingest_raises_a_firing_critical_SecurityEvent()
    {
        using var client = fixture.Console.CreateClient();
        var log = """
            {"type":"log","payload":{"timestamp":"2026-11-25T10:00:00Z","level":"security","message":"admin token used from 203.0.113.7",
             "service":"api-gw","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","user":"ops-admin"}}
            """;

        using var response = await client.PostIngestAsync(log);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // The alert is raised before the 202 is sent.
        var alert = Assert.Single(await AlertsAsync(client), a => a.Name == "SecurityEvent");
        Assert.Equal("firing", alert.State);
        Assert.Equal("security", alert.Origin);
        Assert.Equal("critical", alert.Labels["severity"]);
        Assert.Equal("api-gw", alert.Labels["service"]);
        Assert.Equal("admin token used from 203.0.113.7", alert.Annotations["summary"]);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", alert.Annotations["trace_id"]);
    }

    [Fact]
    public async Task The_alertmanager_webhook_answers_404_saying_why_when_metrics_are_embedded()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);

        using var response = await client.PostAsync("/api/alertmanager/webhook",
            new StringContent("""{"version":"4","status":"firing","alerts":[]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Contains("Metrics:Source=Prometheus", problem.Detail, StringComparison.Ordinal);
    }
}
