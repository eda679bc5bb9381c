namespace HmsOps.Core.Demo;

/// <summary>
/// The payment rail behind ach-svc: a fixed number of connections, each busy for one transfer at a time.
/// While the rail answers in 200 ms there is room to spare; when it slows to seconds, payments arrive faster
/// than the connections free up and wait in a queue, so ACH latency keeps climbing for as long as the rail
/// is slow (the bad night: thousands of payments queued, 12 s instead of 200 ms). A fluid model per tick.
/// </summary>
public sealed class RailQueue(int connections, int maxQueued)
{
    /// <summary>Payments waiting for a rail connection.</summary>
    public double Queued { get; private set; }

    public int MaxQueued => maxQueued;

    /// <summary>Payments the queue can still take during a tick: free places plus what the rail serves meanwhile.</summary>
    public double Room(double meanTransferSeconds, TimeSpan tick) =>
        Math.Max(0, maxQueued - Queued + connections * tick.TotalSeconds / meanTransferSeconds);

    /// <summary>How long a payment arriving now waits before a connection takes it.</summary>
    public double WaitSeconds(double meanTransferSeconds) => Queued * meanTransferSeconds / connections;

    /// <summary>Moves the queue on by one tick: <paramref name="arrivals"/> joined, the rail took what it could.</summary>
    public void Advance(int arrivals, double meanTransferSeconds, TimeSpan tick)
    {
        var served = connections * tick.TotalSeconds / meanTransferSeconds;
        Queued = Math.Clamp(Queued + arrivals - served, 0, maxQueued);
    }
}
