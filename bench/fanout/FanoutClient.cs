using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;

namespace HmsOps.Bench.Fanout;

/// <summary>The parts of a pushed result the benchmark reads; the rest of the message is skipped when parsing.</summary>
public sealed record ResultHeader(string SubscriptionId, DateTimeOffset EvaluatedAt, string? Error, DateTimeOffset? UnavailableSince);

/// <summary>One hub connection subscribed to the radar queries, recording each push's delay from evaluatedAt.</summary>
public sealed class FanoutClient(HubConnection connection, DeliveryLog log, TimeProvider time) : IAsyncDisposable
{
    public static async Task<FanoutClient> ConnectAsync(Uri url, DeliveryLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(url, "/hubs/metrics")).Build();
        var client = new FanoutClient(connection, log, time);
        connection.On<ResultHeader>("result", client.OnResult);
        await connection.StartAsync(cancellationToken);
        return client;
    }

    public async Task SubscribeAsync(IEnumerable<LiveQuerySpec> queries, double refreshSeconds, CancellationToken cancellationToken)
    {
        foreach (var query in queries)
        {
            await connection.InvokeAsync<string>("Subscribe", query.Expr, query.RangeSeconds, query.StepSeconds, refreshSeconds, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private void OnResult(ResultHeader header) => log.Record(time.GetUtcNow() - header.EvaluatedAt, header.Error is not null || header.UnavailableSince is not null);
}

/// <summary>Delivery delays of every push received while recording is on.</summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentQueue<double> _delaysMs = new();
    private volatile bool _recording;
    private long _failed;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    public long Failed => Interlocked.Read(ref _failed);

    public IReadOnlyList<double> DelaysMs => [.. _delaysMs];

    public void Record(TimeSpan delay, bool failed)
    {
        if (!_recording)
        {
            return;
        }
        _delaysMs.Enqueue(delay.TotalMilliseconds);
        if (failed)
        {
            Interlocked.Increment(ref _failed);
        }
    }
}

public sealed record LiveQuerySpec(string Name, string Expr, double RangeSeconds, double StepSeconds);
