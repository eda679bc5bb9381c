using System.Collections.Concurrent;

namespace HmsOps.Core.Demo;

/// <param name="Version">The version the fault is bound to; null binds it to every version (a fleet without versions).</param>
public sealed record ActiveFault(string Service, double LatencyMs, double ErrorRate, DateTimeOffset Until, string? Version = null);

/// <summary>
/// Injected latency and errors per demo service and version, each until its own deadline. A fault is bound to the
/// version the service runs when it is set (or the one named), so rolling back to another version leaves it behind:
/// that is how a rollback visibly cures the radar.
/// </summary>
public sealed class FaultSwitch(TimeProvider time, DemoFleetState? fleet = null)
{
    private readonly ConcurrentDictionary<(string Service, string? Version), ActiveFault> _faults = new();

    /// <summary>Every problem with the request, including a version the service does not have.</summary>
    public IReadOnlyList<(string Field, string Reason)> Validate(FaultRequest request)
    {
        var errors = request.Validate().ToList();
        if (fleet is not null && request.Version is { } version && fleet.IsService(request.Service)
            && !fleet.KnownVersions(request.Service).Contains(version, StringComparer.Ordinal))
        {
            errors.Add(("version", $"{request.Service} has no version '{version}'; expected one of {string.Join(", ", fleet.KnownVersions(request.Service))}"));
        }
        return errors;
    }

    public ActiveFault Set(FaultRequest request)
    {
        var version = string.IsNullOrEmpty(request.Version) ? fleet?.CurrentVersion(request.Service) : request.Version;
        var fault = new ActiveFault(request.Service, request.LatencyMs, request.ErrorRate,
            time.GetUtcNow().AddSeconds(request.DurationSeconds), version);
        _faults[(request.Service, version)] = fault;
        return fault;
    }

    /// <summary>Clears every fault of the service, whatever version it is bound to.</summary>
    public bool Clear(string service)
    {
        var cleared = false;
        foreach (var key in _faults.Keys.Where(k => k.Service == service))
        {
            cleared |= _faults.TryRemove(key, out _);
        }
        return cleared;
    }

    /// <summary>The fault in force for the version of the service the fleet runs now, if any.</summary>
    public ActiveFault? For(string service) => For(service, fleet?.CurrentVersion(service));

    /// <summary>The fault in force for this version of the service now, if any (expired ones are dropped).</summary>
    public ActiveFault? For(string service, string? version) =>
        (version is null ? null : Live((service, version))) ?? Live((service, null));

    public IReadOnlyList<ActiveFault> Active() =>
        _faults.Keys.Select(Live).OfType<ActiveFault>()
            .OrderBy(f => DemoOptions.Services.ToList().IndexOf(f.Service)).ThenBy(f => f.Version, StringComparer.Ordinal)
            .ToArray();

    private ActiveFault? Live((string, string?) key)
    {
        if (!_faults.TryGetValue(key, out var fault))
        {
            return null;
        }
        if (fault.Until > time.GetUtcNow())
        {
            return fault;
        }
        _faults.TryRemove(new KeyValuePair<(string, string?), ActiveFault>(key, fault));
        return null;
    }
}
