using System.Net;
using HmsOps.Integration.Tests.Infrastructure;

namespace HmsOps.Integration.Tests.Observability;

/// <summary>/healthz (the process answers) and /readyz (stores open, ingest not saturated), without a key.</summary>
public sealed class HealthEndpointTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Theory]
    [InlineData("/healthz", "ok")]
    [InlineData("/readyz", "ready")]
    public async Task A_running_console_reports_healthy_and_ready(string path, string expectedBody)
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedBody, (await response.Content.ReadAsStringAsync()).Trim());
    }
}
