using System.Net;
using HmsOps.Integration.Tests.Infrastructure;
using static HmsOps.Integration.Tests.Infrastructure.TelemetryJson;

namespace HmsOps.Integration.Tests.Ingest;

/// <summary>400 problem+json whose first error names the item (index) and the field that is wrong.</summary>
public sealed class IngestInvalidTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    public static TheoryData<string, string, string, int?, string> BadBodies()
    {
        var now = NowMs;
        var goodLog = Single(Log("bad-svc", "fine"));
        return new()
        {
            { "not JSON", IngestHttp.Json, "{\"type\": \"log\", ", null, "body" },
            { "empty array", IngestHttp.Json, "[]", null, "body" },
            { "a bare number", IngestHttp.Json, "42", null, "body" },
            { "second item without type", IngestHttp.Json, $"[{goodLog}, {{\"payload\": {{}}}}]", 1, "type" },
            { "unknown type", IngestHttp.Json, "{\"type\": \"event\", \"payload\": {}}", 0, "type" },
            { "payload not an object", IngestHttp.Json, "{\"type\": \"log\", \"payload\": 7}", 0, "payload" },
            { "unknown log level", IngestHttp.Json,
                $"{{\"type\":\"log\",\"payload\":{{\"timestamp\":{now},\"level\":\"loud\",\"message\":\"m\",\"service\":\"s\"}}}}", 0, "payload.level" },
            { "negative counter increment", IngestHttp.Json,
                "{\"type\":\"metric\",\"payload\":{\"name\":\"x_total\",\"kind\":\"counter\",\"value\":-1}}", 0, "payload.value" },
            { "bad trace id", IngestHttp.Json,
                $"{{\"type\":\"trace\",\"payload\":{{\"traceId\":\"xyz\",\"spanId\":\"00000000000000a1\",\"service\":\"s\",\"name\":\"n\",\"start\":{now},\"durationMs\":1}}}}",
                0, "payload.traceId" },
            { "timestamp an hour ahead", IngestHttp.Json,
                $"{{\"type\":\"log\",\"payload\":{{\"timestamp\":{now + 3_600_000},\"level\":\"info\",\"message\":\"m\",\"service\":\"s\"}}}}", 0, "payload.timestamp" },
            { "third NDJSON line broken", IngestHttp.NdJson, $"{goodLog}\n{goodLog}\n{{not json}}\n", 2, "$" },
        };
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_refused_naming_the_item_and_field(
        string description, string contentType, string body, int? expectedIndex, string expectedField)
    {
        using var client = fixture.Console.CreateClient();

        using var response = await client.PostIngestAsync(body, contentType);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{description}: expected 400, got {(int)response.StatusCode}");
        var problem = await Problem.ReadAsync(response);
        Assert.Equal(400, problem.Status);
        Assert.NotEmpty(problem.Errors);
        Assert.Equal(expectedIndex, problem.Errors[0].Index);
        Assert.Equal(expectedField, problem.Errors[0].Field);
        Assert.False(string.IsNullOrWhiteSpace(problem.Errors[0].Reason));
    }
}
