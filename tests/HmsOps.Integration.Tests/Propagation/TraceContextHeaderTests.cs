using System.Net.Http.Headers;
using System.Text.Json;
using HmsOps.Integration.Tests.Infrastructure;

namespace HmsOps.Integration.Tests.Propagation;

/// <summary>The console joins each request to the caller's trace and says which one, in headers and its own log.</summary>
public sealed class TraceContextHeaderTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string OtherTraceId = "0af7651916cd43dd8448eb211c80319c";

    [Fact]
    public async Task A_valid_traceparent_is_continued_and_wins_over_x_trace()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/logs?limit=1");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01");
        request.Headers.TryAddWithoutValidation("x-trace", OtherTraceId);

        using var response = await client.SendAsync(request);

        var (traceParent, xTrace) = Echoed(response);
        Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-01$", traceParent);
        Assert.DoesNotContain("00f067aa0ba902b7", traceParent, StringComparison.Ordinal);
        Assert.Equal(TraceId, xTrace);
        await AssertLinkLoggedAsync(TraceId, "traceparent", generated: false);
    }

    [Fact]
    public async Task An_x_trace_in_uuid_form_is_joined_and_echoed_in_that_form()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);
        var traceId = Guid.NewGuid().ToString("N");
        var uuid = Guid.ParseExact(traceId, "N").ToString("D");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/traces?limit=1");
        request.Headers.TryAddWithoutValidation("traceparent", "00-garbage");
        request.Headers.TryAddWithoutValidation("x-trace", uuid);

        using var response = await client.SendAsync(request);

        var (traceParent, xTrace) = Echoed(response);
        Assert.StartsWith($"00-{traceId}-", traceParent, StringComparison.Ordinal);
        Assert.Equal(uuid, xTrace);
        // The request's own log line is written in the caller's trace, so searching the console's logs by it works.
        await Poll.UntilAsync(() => fixture.Console.StandardOutput.Any(l => l.Contains("HTTP GET /api/traces", StringComparison.Ordinal) && l.Contains(traceId, StringComparison.Ordinal)),
            found => found, "the request log in the x-trace trace");
        await AssertLinkLoggedAsync(traceId, "x-trace", generated: false);
    }

    [Fact]
    public async Task Without_a_usable_header_a_new_trace_is_started_and_echoed()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        request.Headers.TryAddWithoutValidation("x-trace", "00000000-0000-0000-0000-000000000000");

        using var first = await client.SendAsync(request);
        using var second = await client.GetAsync("/readyz");

        var (traceParent, xTrace) = Echoed(first);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", traceParent);
        Assert.Equal(traceParent.Split('-')[1], xTrace);
        Assert.NotEqual(xTrace, Echoed(second).XTrace);
        await AssertLinkLoggedAsync(xTrace, "none", generated: true);
    }

    private static (string TraceParent, string XTrace) Echoed(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("traceparent", out var traceParent), "no traceparent on the response");
        Assert.True(response.Headers.TryGetValues("x-trace", out var xTrace), "no x-trace on the response");
        return (Assert.Single(traceParent), Assert.Single(xTrace));
    }

    private async Task AssertLinkLoggedAsync(string traceId, string header, bool generated)
    {
        var line = await Poll.UntilAsync(() => fixture.Console.StandardOutput.FirstOrDefault(l =>
            l.Contains("trace_link", StringComparison.Ordinal) && l.Contains($"\"LinkedTraceId\":\"{traceId}\"", StringComparison.Ordinal)),
            l => l is not null, $"the trace_link log of {traceId}");
        using var document = JsonDocument.Parse(line!);
        var state = document.RootElement.GetProperty("State");
        Assert.Equal(header, state.GetProperty("IncomingHeader").GetString());
        Assert.Equal(generated, state.GetProperty("Generated").GetBoolean());
    }
}
