using System.Net;
using HmsOps.Integration.Tests.Infrastructure;
using static HmsOps.Integration.Tests.Infrastructure.TelemetryJson;

namespace HmsOps.Integration.Tests.Ingest;

/// <summary>401 problem+json naming the X-Api-Key header when the key is missing or unknown.</summary>
public sealed class IngestUnauthorizedTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task A_request_without_a_key_is_refused()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);

        using var response = await client.PostIngestAsync(Single(Log("no-key", "hello")));

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_request_with_a_wrong_key_is_refused()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);
        client.DefaultRequestHeaders.Add("X-Api-Key", "not-" + HmsOps.Tests.Shared.ConsoleProcess.ApiKey);

        using var response = await client.PostIngestAsync(Single(Log("wrong-key", "hello")));

        await AssertUnauthorizedAsync(response);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Equal(401, problem.Status);
        Assert.Equal("X-Api-Key", Assert.Single(problem.Errors).Field);
    }
}
