using System.Collections.Concurrent;

namespace HmsOps.Core.Demo;

public sealed record ActiveFault(string Service, double LatencyMs, double ErrorRate, DateTimeOffset Until);

/// <summary>Injected latency and errors per demo service, each until its own deadline.</summary>
public sealed class FaultSwitch(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ActiveFault> _faults = new(StringComparer.Ordinal);

    public ActiveFault Set(FaultRequest request)
    {
        var fault = new ActiveFault(request.Service, request.LatencyMs, request.ErrorRate,
            time.GetUtcNow().AddSeconds(request.DurationSeconds));
        _faults[request.Service] = fault;
        return fault;
    }

    public bool Clear(string service) => _faults.TryRemove(service, out _);

    /// <summary>The fault in force for the service now, if any (expired ones are dropped).</summary>
    public ActiveFault? For(string service)
    {
        if (!_faults.TryGetValue(service, out var fault))
        {
            return null;
        }
        if (fault.Until > time.GetUtcNow())
        {
            return fault;
        }
        _faults.TryRemove(new KeyValuePair<string, ActiveFault>(service, fault));
        return null;
    }

    public IReadOnlyList<ActiveFault> Active() =>
        DemoOptions.Services.Select(For).OfType<ActiveFault>().ToArray();
}
