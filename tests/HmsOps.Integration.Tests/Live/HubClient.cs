using System.Collections.Concurrent;
using System.Text.Json;
using HmsOps.Tests.Shared;
using Microsoft.AspNetCore.SignalR.Client;

namespace HmsOps.Integration.Tests.Live;

/// <summary>A SignalR client of /hubs/metrics that keeps every <c>result</c> message it is pushed.</summary>
internal sealed class HubClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<JsonElement> _results = new();

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<JsonElement>("result", message => _results.Enqueue(message));
    }

    public HubConnection Connection { get; }

    public static async Task<HubClient> ConnectAsync(ConsoleProcess console)
    {
        var connection = new HubConnectionBuilder().WithUrl(console.BaseUrl + "/hubs/metrics").Build();
        var client = new HubClient(connection);
        await connection.StartAsync();
        return client;
    }

    public Task<string> SubscribeAsync(string expr, double rangeSeconds = 0, double stepSeconds = 0, double refreshSeconds = 1) =>
        Connection.InvokeAsync<string>("Subscribe", expr, rangeSeconds, stepSeconds, refreshSeconds);

    public Task<bool> UnsubscribeAsync(string id) => Connection.InvokeAsync<bool>("Unsubscribe", id);

    /// <summary>Results pushed for one subscription so far.</summary>
    public IReadOnlyList<JsonElement> ResultsFor(string subscriptionId) =>
        [.. _results.Where(r => r.GetProperty("subscriptionId").GetString() == subscriptionId)];

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
