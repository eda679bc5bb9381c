using System.Collections.Concurrent;
using System.Diagnostics;
using HmsOps.Console.Propagation;
using HmsOps.Core.Notifications.Receivers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HmsOps.Components.Tests.Propagation;

/// <summary>
/// A request comes into a real Kestrel host with the console's middleware and calls another loopback server through
/// IHttpClientFactory: the callee must see the caller's trace, once, in both headers.
/// </summary>
public sealed class TracePropagationTests : IAsyncLifetime
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    private readonly ConcurrentQueue<(string Path, string[] TraceParent, string[] XTrace)> _received = new();
    private WebApplication? _downstream;
    private WebApplication? _front;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        _downstream = Loopback();
        _downstream.Run(context =>
        {
            _received.Enqueue((context.Request.Path.Value ?? "", [.. context.Request.Headers["traceparent"].OfType<string>()], [.. context.Request.Headers["x-trace"].OfType<string>()]));
            return Task.CompletedTask;
        });
        await _downstream.StartAsync();
        var downstreamUrl = new Uri(_downstream.Urls.First());

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddTracePropagation();
        builder.Services.AddHttpClient("prometheus", c => c.BaseAddress = downstreamUrl);
        builder.Services.AddHttpClient(IntegrationTransport.HttpClientName, c => c.BaseAddress = downstreamUrl);
        _front = builder.Build();
        _front.UseTraceContext();
        _front.MapGet("/call/{name}", async (string name, IHttpClientFactory clients) =>
        {
            using var response = await clients.CreateClient(name).GetAsync("/" + name);
            return Results.Ok();
        });
        await _front.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_front.Urls.First()) };
    }

    [Fact]
    public async Task An_incoming_x_trace_is_forwarded_as_x_trace_and_exactly_one_traceparent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/call/prometheus");
        request.Headers.TryAddWithoutValidation("x-trace", TraceId);

        using var response = await _client!.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var call = Assert.Single(_received);
        Assert.Equal([TraceId], call.XTrace);
        var traceParent = Assert.Single(call.TraceParent);
        Assert.StartsWith($"00-{TraceId}-", traceParent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incoming_traceparent_reaches_the_callee_in_the_same_trace()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/call/prometheus");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01");

        using var response = await _client!.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var call = Assert.Single(_received);
        Assert.Equal([TraceId], call.XTrace);
        Assert.StartsWith($"00-{TraceId}-", Assert.Single(call.TraceParent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notification_receivers_are_not_sent_the_x_trace()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/call/" + IntegrationTransport.HttpClientName);
        request.Headers.TryAddWithoutValidation("x-trace", TraceId);

        using var response = await _client!.SendAsync(request);

        response.EnsureSuccessStatusCode();
        Assert.Empty(Assert.Single(_received).XTrace);
    }

    [Fact]
    public async Task Without_the_runtimes_injection_the_handler_writes_traceparent_itself()
    {
        var seen = new List<string>();
        using var handler = new TracePropagationHandler(runtimeInjectsTraceParent: false) { InnerHandler = new Recording(seen) };
        using var client = new HttpClient(handler);
        using var activity = new Activity("test");
        activity.SetParentId(ActivityTraceId.CreateFromString(TraceId), ActivitySpanId.CreateFromString("00f067aa0ba902b7"), ActivityTraceFlags.Recorded);
        activity.Start();

        using var response = await client.GetAsync("http://127.0.0.1:9/");

        Assert.Equal([$"traceparent: 00-{TraceId}-{activity.SpanId.ToHexString()}-01", $"x-trace: {TraceId}"], seen);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        foreach (var app in new[] { _front, _downstream })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }

    private static WebApplication Loopback()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    private sealed class Recording(List<string> seen) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.AddRange(request.Headers.Select(h => $"{h.Key}: {string.Join(',', h.Value)}").Order(StringComparer.Ordinal));
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
