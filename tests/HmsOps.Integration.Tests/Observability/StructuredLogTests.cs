using System.Net;
using System.Text.Json;
using HmsOps.Integration.Tests.Infrastructure;

namespace HmsOps.Integration.Tests.Observability;

/// <summary>stdout is one JSON object per line, and a request's log line carries the request's W3C trace id.</summary>
public sealed class StructuredLogTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task Every_stdout_line_is_a_json_object()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);
        using (await client.GetAsync("/healthz"))
        {
        }

        var lines = fixture.Console.StandardOutput.Where(l => l.Trim().Length > 0).ToArray();

        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            Assert.True(document.RootElement.TryGetProperty("LogLevel", out _), line);
        });
    }

    [Fact]
    public async Task A_request_log_line_carries_the_trace_id_the_caller_sent()
    {
        var traceId = TelemetryJson.NewTraceId();
        using var client = fixture.Console.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/demo/faults");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var line = await Poll.UntilAsync(
            () => fixture.Console.StandardOutput.FirstOrDefault(l => l.StartsWith('{') && ScopeTraceIds(l).Contains(traceId)),
            found => found is not null,
            $"a log line in the scope of trace {traceId}");
        Assert.Contains("/api/demo/faults", line, StringComparison.Ordinal);
    }

    /// <summary>The TraceId values in a JSON console log line's scopes.</summary>
    private static IEnumerable<string> ScopeTraceIds(string line)
    {
        using var document = JsonDocument.Parse(line);
        if (!document.RootElement.TryGetProperty("Scopes", out var scopes) || scopes.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        return scopes.EnumerateArray()
            .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _))
            .Select(s => s.GetProperty("TraceId").GetString()!)
            .ToArray();
    }
}
