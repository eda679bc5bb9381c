using System.Collections.Concurrent;
using HmsOps.Core.Metrics.Sources;
using Microsoft.AspNetCore.SignalR;

namespace HmsOps.Console.Live;

/// <summary>
/// The hub's subscriptions, per connection: each one is a scheduler subscription whose results are sent to that
/// connection as <c>result</c> messages. A connection's subscriptions end when it closes.
/// </summary>
public sealed class HubSubscriptions(Lazy<ILiveQueryScheduler> scheduler, IHubContext<MetricsHub> hub, LiveOptions options)
{
    public const string ResultMethod = "result";

    private readonly ConcurrentDictionary<string, ConnectionSubscriptions> _connections = new(StringComparer.Ordinal);

    /// <summary>Subscriptions held by all connections.</summary>
    public int Count => _connections.Values.Sum(c => c.Count);

    /// <summary>Subscribes for the connection and returns the subscription's id.</summary>
    /// <exception cref="LiveQueryLimitException">The connection's or the scheduler's bound is reached.</exception>
    public string Add(string connectionId, LiveQuery query)
    {
        var connection = _connections.GetOrAdd(connectionId, static _ => new ConnectionSubscriptions());
        var id = Guid.NewGuid().ToString("N");
        var client = hub.Clients.Client(connectionId);
        connection.Reserve(options.MaxSubscriptionsPerConnection);
        IDisposable subscription;
        try
        {
            subscription = scheduler.Value.Subscribe(query, result => client.SendAsync(ResultMethod, LiveResultMessage.From(id, result)));
        }
        catch
        {
            connection.Release();
            throw;
        }
        connection.Add(id, subscription);
        return id;
    }

    public bool Remove(string connectionId, string subscriptionId) =>
        _connections.TryGetValue(connectionId, out var connection) && connection.Remove(subscriptionId);

    /// <summary>Ends every subscription of a closed connection.</summary>
    public void RemoveConnection(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var connection))
        {
            connection.Close();
        }
    }

    private sealed class ConnectionSubscriptions
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, IDisposable> _byId = new(StringComparer.Ordinal);
        private int _reserved;
        private bool _closed;

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _byId.Count;
                }
            }
        }

        /// <summary>Claims a place under the per-connection bound before the scheduler is asked.</summary>
        public void Reserve(int max)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    throw new HubException("the connection is closing");
                }
                if (_byId.Count + _reserved >= max)
                {
                    throw new LiveQueryLimitException(
                        $"too many subscriptions on this connection: at most {max} (Live:MaxSubscriptionsPerConnection); unsubscribe one first");
                }
                _reserved++;
            }
        }

        public void Release()
        {
            lock (_gate)
            {
                _reserved--;
            }
        }

        public void Add(string id, IDisposable subscription)
        {
            lock (_gate)
            {
                _reserved--;
                if (!_closed)
                {
                    _byId.Add(id, subscription);
                    return;
                }
            }
            subscription.Dispose(); // the connection closed while this Subscribe ran
        }

        public bool Remove(string id)
        {
            IDisposable? subscription;
            lock (_gate)
            {
                if (!_byId.Remove(id, out subscription))
                {
                    return false;
                }
            }
            subscription.Dispose();
            return true;
        }

        public void Close()
        {
            IDisposable[] all;
            lock (_gate)
            {
                _closed = true;
                all = [.. _byId.Values];
                _byId.Clear();
            }
            foreach (var subscription in all)
            {
                subscription.Dispose();
            }
        }
    }
}
