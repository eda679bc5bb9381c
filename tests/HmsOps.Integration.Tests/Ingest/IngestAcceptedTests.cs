using System.Net;
using HmsOps.Integration.Tests.Infrastructure;
using static HmsOps.Integration.Tests.Infrastructure.TelemetryJson;

namespace HmsOps.Integration.Tests.Ingest;

/// <summary>202 with the number of events made durable, for each of the three body shapes.</summary>
public sealed class IngestAcceptedTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task A_single_event_object_is_accepted()
    {
        using var client = fixture.Console.CreateClient();

        using var response = await client.PostIngestAsync(Single(Log("single-svc", "one event")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await response.AcceptedCountAsync());
    }

    [Fact]
    public async Task A_json_array_of_mixed_events_is_accepted_whole()
    {
        using var client = fixture.Console.CreateClient();
        var traceId = NewTraceId();
        object[] events =
        [
            Log("array-svc", "first"),
            Span("array-svc", traceId, SpanId(1)),
            Counter("array_requests_total", 3, ("code", "200")),
        ];

        using var response = await client.PostIngestAsync(Array(events));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, await response.AcceptedCountAsync());
    }

    [Fact]
    public async Task Newline_delimited_json_is_accepted_line_by_line()
    {
        using var client = fixture.Console.CreateClient();
        var events = Enumerable.Range(0, 4).Select(i => Log("ndjson-svc", $"line {i}"));

        using var response = await client.PostIngestAsync(NdJson(events), IngestHttp.NdJson);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(4, await response.AcceptedCountAsync());
    }
}
