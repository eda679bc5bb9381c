using Microsoft.AspNetCore.Components.Server.Circuits;

namespace HmsOps.Console.Observability;

/// <summary>How many Blazor circuits (open console tabs) are connected right now.</summary>
public sealed class CircuitCounter
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    internal void Opened() => Interlocked.Increment(ref _open);

    internal void Closed() => Interlocked.Decrement(ref _open);
}

/// <summary>Per-circuit hook that keeps <see cref="CircuitCounter"/> current.</summary>
public sealed class CircuitTracker(CircuitCounter counter) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Opened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Closed();
        return Task.CompletedTask;
    }
}
