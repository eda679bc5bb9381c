using System.Net;
using HmsOps.Integration.Tests.Infrastructure;
using static HmsOps.Integration.Tests.Infrastructure.TelemetryJson;

namespace HmsOps.Integration.Tests.Ingest;

/// <summary>415 problem+json naming Content-Type when the body is not JSON or NDJSON, or says nothing.</summary>
public sealed class IngestUnsupportedMediaTypeTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task A_body_that_is_not_json_or_ndjson_is_refused(string? contentType)
    {
        using var client = fixture.Console.CreateClient();

        using var response = await client.PostIngestAsync(Single(Log("media-svc", "valid JSON, wrong label")), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Equal(415, problem.Status);
        Assert.Equal("Content-Type", Assert.Single(problem.Errors).Field);
    }
}
