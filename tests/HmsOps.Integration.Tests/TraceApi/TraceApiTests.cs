using System.Net;
using System.Text.Json;
using HmsOps.Integration.Tests.Infrastructure;
using static HmsOps.Integration.Tests.Infrastructure.TelemetryJson;

namespace HmsOps.Integration.Tests.TraceApi;

/// <summary><c>GET /api/traces/{traceId}</c> and <c>GET /api/traces</c> over spans ingested through <c>/ingest</c>.</summary>
public sealed class TraceApiTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task A_stored_trace_is_found_by_its_hex_id_and_by_its_uuid_form_with_every_span()
    {
        using var client = fixture.Console.CreateClient();
        var traceId = NewTraceId();
        var events = new object[]
        {
            Span("trace-api-gw", traceId, SpanId(1), durationMs: 40),
            Span("trace-api-claims", traceId, SpanId(2), parentSpanId: SpanId(1), durationMs: 30),
            new
            {
                type = "trace",
                payload = new
                {
                    traceId, spanId = SpanId(3), parentSpanId = SpanId(2), service = "trace-api-ach", name = "POST /ach", start = NowMs,
                    durationMs = 20.0, status = "error", attributes = new Dictionary<string, string> { ["rail"] = "fedach" },
                },
            },
        };
        using (var ingest = await client.PostIngestAsync(TelemetryJson.Array(events)))
        {
            Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);
        }

        using var trace = await Poll.UntilAsync(() => GetJsonAsync(client, $"/api/traces/{traceId}"),
            d => d is not null && d.RootElement.GetProperty("spans").GetArrayLength() == 3, "the trace's three spans");
        var root = trace!.RootElement;
        Assert.Equal(traceId, root.GetProperty("traceId").GetString());
        Assert.False(root.GetProperty("fromArchive").GetBoolean());
        var summary = root.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("spanCount").GetInt32());
        Assert.Equal(1, summary.GetProperty("errorCount").GetInt32());
        Assert.Equal("trace-api-gw", summary.GetProperty("rootService").GetString());
        var ach = root.GetProperty("spans").EnumerateArray().Single(s => s.GetProperty("service").GetString() == "trace-api-ach");
        Assert.Equal("error", ach.GetProperty("status").GetString());
        Assert.Equal(SpanId(2), ach.GetProperty("parentSpanId").GetString());
        // Attributes are JSON, not a string holding JSON.
        Assert.Equal("fedach", ach.GetProperty("attributes").GetProperty("rail").GetString());

        var uuid = Guid.ParseExact(traceId, "N").ToString("D").ToUpperInvariant();
        using var byUuid = await GetJsonAsync(client, $"/api/traces/{uuid}");
        Assert.Equal(traceId, byUuid!.RootElement.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task An_unknown_trace_is_404_and_a_malformed_id_is_400_naming_traceId()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);

        using var unknown = await client.GetAsync($"/api/traces/{NewTraceId()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("traceId", Assert.Single((await Problem.ReadAsync(unknown)).Errors).Field);

        foreach (var bad in new[] { "not-a-trace", "00000000000000000000000000000000", "4bf92f3577b34da6a3ce929d0e0e47" })
        {
            using var response = await client.GetAsync($"/api/traces/{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("traceId", Assert.Single((await Problem.ReadAsync(response)).Errors).Field);
        }
    }

    [Fact]
    public async Task Search_finds_traces_by_service_duration_and_errors_within_the_window()
    {
        using var client = fixture.Console.CreateClient();
        var slow = NewTraceId();
        var fast = NewTraceId();
        var failed = NewTraceId();
        var events = new object[]
        {
            Span("search-svc", slow, SpanId(1), durationMs: 900),
            Span("search-svc", fast, SpanId(1), durationMs: 5),
            new { type = "trace", payload = new { traceId = failed, spanId = SpanId(1), service = "search-svc", name = "GET /fail", start = NowMs, durationMs = 7.0, status = "error" } },
        };
        using (var ingest = await client.PostIngestAsync(TelemetryJson.Array(events)))
        {
            Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);
        }

        using var all = await Poll.UntilAsync(() => GetJsonAsync(client, "/api/traces?service=search-svc"),
            d => d is not null && Ids(d).Count == 3, "three traces of search-svc");
        var slowOnly = await GetJsonAsync(client, "/api/traces?service=search-svc&minDurationMs=500");
        Assert.Equal([slow], Ids(slowOnly!));
        var errorsOnly = await GetJsonAsync(client, "/api/traces?service=search-svc&error=true");
        Assert.Equal([failed], Ids(errorsOnly!));
        var limited = await GetJsonAsync(client, "/api/traces?service=search-svc&limit=1");
        Assert.Single(Ids(limited!));
        var past = DateTimeOffset.UtcNow.AddDays(-2);
        var earlier = await GetJsonAsync(client,
            $"/api/traces?service=search-svc&start={past.ToUnixTimeSeconds()}&end={past.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}");
        Assert.Empty(Ids(earlier!));
        var row = all!.RootElement.GetProperty("traces").EnumerateArray().First(t => t.GetProperty("traceId").GetString() == slow);
        Assert.Equal("/traces/" + slow, row.GetProperty("link").GetString());
        Assert.True(row.GetProperty("durationMicros").GetInt64() >= 900_000);
    }

    [Fact]
    public async Task Each_bad_search_parameter_is_named()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);

        using var response = await client.GetAsync("/api/traces?minDurationMs=-1&error=maybe&start=yesterday&limit=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await Problem.ReadAsync(response)).Errors.Select(e => e.Field).Order(StringComparer.Ordinal);
        Assert.Equal(["error", "limit", "minDurationMs", "start"], fields);
    }

    private static List<string> Ids(JsonDocument document) =>
        document.RootElement.GetProperty("traces").EnumerateArray().Select(t => t.GetProperty("traceId").GetString()!).ToList();

    internal static async Task<JsonDocument?> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()) : null;
    }
}
