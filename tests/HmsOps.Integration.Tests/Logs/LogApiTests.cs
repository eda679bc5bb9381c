using System.Net;
using System.Text.Json;
using HmsOps.Integration.Tests.Infrastructure;
using HmsOps.Integration.Tests.TraceApi;
using static HmsOps.Integration.Tests.Infrastructure.TelemetryJson;

namespace HmsOps.Integration.Tests.Logs;

/// <summary><c>GET /api/logs</c> over logs ingested through <c>/ingest</c>.</summary>
public sealed class LogApiTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task Logs_are_found_by_service_level_text_field_and_trace_newest_first()
    {
        using var client = fixture.Console.CreateClient();
        var service = "logapi-" + Guid.NewGuid().ToString("N")[..8];
        var traceId = NewTraceId();
        var now = NowMs;
        var events = new object[]
        {
            new { type = "log", payload = new { timestamp = now - 3, level = "info", message = "payment accepted", service, orderId = "A-16" } },
            new { type = "log", payload = new { timestamp = now - 2, level = "error", message = "rail timeout on transfer", service, orderId = "A-17", traceId } },
            new { type = "log", payload = new { timestamp = now - 1, level = "warn", message = "rail slow", service, orderId = "A-18" } },
        };
        using (var ingest = await client.PostIngestAsync(TelemetryJson.Array(events)))
        {
            Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);
        }

        using var all = await Poll.UntilAsync(() => TraceApiTests.GetJsonAsync(client, $"/api/logs?service={service}"),
            d => d is not null && Messages(d).Count == 3, "the three logs");
        Assert.Equal(["rail slow", "rail timeout on transfer", "payment accepted"], Messages(all!));
        Assert.False(all!.RootElement.GetProperty("fromArchive").GetBoolean());
        var first = all.RootElement.GetProperty("logs")[0];
        Assert.Equal("warn", first.GetProperty("level").GetString());
        Assert.Equal("A-18", first.GetProperty("fields").GetProperty("orderId").GetString());

        Assert.Equal(["rail timeout on transfer"], Messages((await TraceApiTests.GetJsonAsync(client, $"/api/logs?service={service}&level=error"))!));
        Assert.Equal(["rail slow", "rail timeout on transfer"], Messages((await TraceApiTests.GetJsonAsync(client, $"/api/logs?service={service}&q=rail"))!));
        Assert.Equal(["rail timeout on transfer"], Messages((await TraceApiTests.GetJsonAsync(client, $"/api/logs?service={service}&field=orderId%3DA-17"))!));
        Assert.Equal(["rail timeout on transfer"], Messages((await TraceApiTests.GetJsonAsync(client, $"/api/logs?traceId={traceId}"))!));
    }

    [Fact]
    public async Task Pages_continue_with_nextBefore_until_the_oldest_log()
    {
        using var client = fixture.Console.CreateClient();
        var service = "logpage-" + Guid.NewGuid().ToString("N")[..8];
        using (var ingest = await client.PostIngestAsync(NdJson(Enumerable.Range(0, 5).Select(i => Log(service, $"line {i}"))), IngestHttp.NdJson))
        {
            Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);
        }
        await Poll.UntilAsync(() => TraceApiTests.GetJsonAsync(client, $"/api/logs?service={service}"),
            d => d is not null && Messages(d).Count == 5, "the five logs");

        var seen = new List<string>();
        string path = $"/api/logs?service={service}&limit=2";
        while (true)
        {
            using var page = (await TraceApiTests.GetJsonAsync(client, path))!;
            seen.AddRange(Messages(page));
            var next = page.RootElement.GetProperty("nextBefore");
            if (next.ValueKind == JsonValueKind.Null)
            {
                break;
            }
            path = $"/api/logs?service={service}&limit=2&before={next.GetInt64()}";
        }

        Assert.Equal(["line 4", "line 3", "line 2", "line 1", "line 0"], seen);
    }

    [Fact]
    public async Task Each_bad_parameter_is_named()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);

        using var response = await client.GetAsync("/api/logs?level=loud&traceId=xyz&field=novalue&before=soon&end=never");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem.ReadAsync(response);
        Assert.Equal(["before", "end", "field", "level", "traceId"], problem.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains(problem.Errors, e => e.Field == "level" && e.Reason.Contains("'loud'", StringComparison.Ordinal));
    }

    private static List<string> Messages(JsonDocument document) =>
        document.RootElement.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("message").GetString()!).ToList();
}
