using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HmsOps.Tests.Shared;

/// <summary>
/// A stand-in for PagerDuty's Events API v2 on 127.0.0.1: records every event it accepts (answering 202 as
/// PagerDuty does), or answers with <see cref="FailWith"/> while that is set, recording nothing.
/// </summary>
public sealed class PagerDutyLoopback : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<PagerDutyEvent> _events = new();
    private int _refused;

    private PagerDutyLoopback(WebApplication app)
    {
        _app = app;
    }

    /// <summary>While set, every request gets this status (e.g. 500) and is not recorded.</summary>
    public int? FailWith { get; set; }

    /// <summary>Requests answered with <see cref="FailWith"/>.</summary>
    public int Refused => _refused;

    public string Url => _app.Urls.First() + "/v2/enqueue";

    public IReadOnlyList<PagerDutyEvent> Events => _events.ToList();

    public static async Task<PagerDutyLoopback> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var loopback = new PagerDutyLoopback(app);
        app.MapPost("/v2/enqueue", async (HttpContext context) =>
        {
            if (loopback.FailWith is { } status)
            {
                Interlocked.Increment(ref loopback._refused);
                return Results.StatusCode(status);
            }
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var root = body.RootElement;
            loopback._events.Enqueue(new PagerDutyEvent(
                root.GetProperty("routing_key").GetString()!,
                root.GetProperty("event_action").GetString()!,
                root.GetProperty("dedup_key").GetString()!,
                root.GetRawText()));
            return Results.Json(new { status = "success", message = "Event processed", dedup_key = root.GetProperty("dedup_key").GetString() },
                statusCode: StatusCodes.Status202Accepted);
        });
        await app.StartAsync();
        return loopback;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>One event PagerDuty accepted; <see cref="Json"/> is the whole body as sent.</summary>
public sealed record PagerDutyEvent(string RoutingKey, string Action, string DedupKey, string Json)
{
    public JsonElement Body => JsonDocument.Parse(Json).RootElement;
}
