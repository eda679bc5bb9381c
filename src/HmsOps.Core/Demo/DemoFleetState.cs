using HmsOps.Core.Deployments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HmsOps.Core.Demo;

/// <summary>
/// The versions the demo services run, their history, and the rollout or canary in flight for each: what
/// <see cref="DemoTraffic"/> reads to label and shape its requests, and what <see cref="DemoFleetProvider"/> changes.
/// One lock guards it all, so two changes for the same service can never both start (the second gets Conflict).
/// A rolling update advances with the clock and completes the next time anyone looks, even if nobody waits for it.
/// </summary>
public sealed class DemoFleetState
{
    private readonly DemoOptions _options;
    private readonly DemoFleetStore? _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DemoServiceRecord> _services = new(StringComparer.Ordinal);

    /// <param name="store">Where the state persists; null keeps it in memory (tests, or a console without storage).</param>
    public DemoFleetState(DemoOptions options, DemoFleetStore? store, TimeProvider time, ILogger<DemoFleetState>? logger = null)
    {
        _options = options;
        _store = store;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        string? problem = null;
        var saved = store?.Load(out problem);
        if (problem is not null)
        {
            _logger.LogWarning("Demo fleet state not loaded: {Problem}", problem);
        }
        foreach (var service in DemoOptions.Services)
        {
            _services[service] = saved?.Services.GetValueOrDefault(service) ?? Seeded(service);
        }
    }

    public IReadOnlyList<string> Services => DemoOptions.Services;

    public bool IsService(string service) => _services.ContainsKey(service);

    /// <summary>The version the service runs (the old one until a rolling update completes).</summary>
    public string? CurrentVersion(string service)
    {
        lock (_lock)
        {
            return Advance(service) is { } record ? record.Current : null;
        }
    }

    /// <summary>Versions the service may run: published in its seed, or found in its history.</summary>
    public IReadOnlyList<string> KnownVersions(string service)
    {
        lock (_lock)
        {
            var seed = _options.SeedFor(service);
            var history = _services.TryGetValue(service, out var record) ? record.History.Select(h => h.Version) : [];
            return seed.Versions.Concat(history).Distinct(StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>How the service's traffic is split between versions right now.</summary>
    public TrafficSplit Split(string service)
    {
        lock (_lock)
        {
            if (Advance(service) is not { } record)
            {
                return TrafficSplit.Single("unknown");
            }
            if (record.Rollout is { } rollout)
            {
                return new TrafficSplit(rollout.From, rollout.To, RolloutShare(rollout));
            }
            return record.Canary is { } canary
                ? new TrafficSplit(record.Current, canary.Version, canary.WeightPercent / 100.0)
                : TrafficSplit.Single(record.Current);
        }
    }

    public ServiceDeployment? Get(string service) => RolloutView(service)?.Deployment;

    /// <summary>
    /// The deployment and how many replicas already run the rollout's target, read under one lock: two separate reads
    /// straddle the clock and could report "1/3 replicas updated" beside an updated count of 0.
    /// </summary>
    public (ServiceDeployment Deployment, int UpdatedReplicas)? RolloutView(string service)
    {
        lock (_lock)
        {
            if (Advance(service) is not { } record)
            {
                return null;
            }
            var seed = _options.SeedFor(service);
            var share = record.Rollout is { } r ? RolloutShare(r) : 0;
            return (DemoDeploymentView.ToDeployment(service, record, seed, share), DemoDeploymentView.UpdatedReplicas(share, seed.Replicas));
        }
    }

    public IReadOnlyList<DemoRevisionRecord>? History(string service)
    {
        lock (_lock)
        {
            return Advance(service)?.History;
        }
    }

    public CanaryState? Canary(string service)
    {
        lock (_lock)
        {
            return Advance(service) is { Canary: { } canary } record
                ? DemoDeploymentView.Canary(service, record.Current, canary, _options.SeedFor(service).Replicas)
                : null;
        }
    }

    public DeploymentResult<DemoChangeStarted> StartRollback(string service, string targetVersion, string changeCause)
    {
        lock (_lock)
        {
            if (Idle(service) is { } refused)
            {
                return refused;
            }
            var record = _services[service];
            if (record.Current == targetVersion)
            {
                return DeploymentError.Conflict($"{service} already runs {targetVersion}");
            }
            if (!record.History.Any(h => h.Version == targetVersion))
            {
                return DeploymentError.NotFound($"{targetVersion} is not in the history of {service}; roll back to one of "
                    + string.Join(", ", record.History.Select(h => h.Version).Distinct(StringComparer.Ordinal)));
            }
            Replace(service, record with { Rollout = new DemoRolloutRecord(record.Current, targetVersion, 0, _time.GetUtcNow(), changeCause) });
            return new DemoChangeStarted(service, targetVersion);
        }
    }

    public DeploymentResult<CanaryState> StartCanary(string service, string version, int weightPercent, string changeCause)
    {
        lock (_lock)
        {
            if (Idle(service) is { } refused)
            {
                return refused;
            }
            if (InvalidWeight(weightPercent) is { } invalid)
            {
                return invalid;
            }
            var record = _services[service];
            if (record.Current == version)
            {
                return DeploymentError.Conflict($"{service} already runs {version}; a canary needs another version");
            }
            if (!KnownVersions(service).Contains(version, StringComparer.Ordinal))
            {
                return DeploymentError.NotFound($"{service} has no version {version}");
            }
            var canary = new DemoCanaryRecord(version, weightPercent, _time.GetUtcNow(), changeCause);
            Replace(service, record with { Canary = canary });
            return DemoDeploymentView.Canary(service, record.Current, canary, _options.SeedFor(service).Replicas);
        }
    }

    public DeploymentResult<CanaryState> SetCanaryWeight(string service, int weightPercent)
    {
        lock (_lock)
        {
            if (CanaryOf(service) is not { } record)
            {
                return DeploymentError.NotFound($"{service} has no canary");
            }
            if (InvalidWeight(weightPercent) is { } invalid)
            {
                return invalid;
            }
            var canary = record.Canary! with { WeightPercent = weightPercent };
            Replace(service, record with { Canary = canary });
            return DemoDeploymentView.Canary(service, record.Current, canary, _options.SeedFor(service).Replicas);
        }
    }

    /// <summary>The canary's version becomes the stable one through a rolling update that starts from the canary's share.</summary>
    public DeploymentResult<DemoChangeStarted> PromoteCanary(string service, string changeCause)
    {
        lock (_lock)
        {
            if (CanaryOf(service) is not { Canary: { } canary } record)
            {
                return DeploymentError.NotFound($"{service} has no canary to promote");
            }
            var rollout = new DemoRolloutRecord(record.Current, canary.Version, canary.WeightPercent / 100.0, _time.GetUtcNow(), changeCause);
            Replace(service, record with { Canary = null, Rollout = rollout });
            return new DemoChangeStarted(service, canary.Version);
        }
    }

    public DeploymentResult<ServiceDeployment> AbortCanary(string service)
    {
        lock (_lock)
        {
            if (CanaryOf(service) is not { } record)
            {
                return DeploymentError.NotFound($"{service} has no canary to abort");
            }
            var aborted = record with { Canary = null };
            Replace(service, aborted);
            return DemoDeploymentView.ToDeployment(service, aborted, _options.SeedFor(service), 0);
        }
    }

    private DemoServiceRecord? CanaryOf(string service) =>
        Advance(service) is { Canary: not null } record ? record : null;

    private DeploymentError? Idle(string service)
    {
        if (Advance(service) is not { } record)
        {
            return DeploymentError.NotFound($"'{service}' is not a demo service; expected one of {string.Join(", ", DemoOptions.Services)}");
        }
        if (record.Rollout is { } rollout)
        {
            return DeploymentError.Conflict($"{service} is already rolling out {rollout.To}");
        }
        return record.Canary is { } canary ? DeploymentError.Conflict($"{service} has a canary of {canary.Version} in flight") : null;
    }

    private static DeploymentError? InvalidWeight(int weightPercent) =>
        weightPercent is < 1 or > 100 ? DeploymentError.Failed("the canary weight must be between 1 and 100 %") : null;

    /// <summary>Completes a rolling update whose time is up: the new version becomes current and enters the history.</summary>
    private DemoServiceRecord? Advance(string service)
    {
        if (!_services.TryGetValue(service, out var record))
        {
            return null;
        }
        if (record.Rollout is not { } rollout || RolloutShare(rollout) < 1)
        {
            return record;
        }
        var seed = _options.SeedFor(service);
        var now = _time.GetUtcNow();
        var revision = new DemoRevisionRecord(record.History.Select(h => h.Revision).DefaultIfEmpty(0).Max() + 1, rollout.To,
            DemoDeploymentView.ImageFor(service, seed, rollout.To), rollout.ChangeCause, now);
        var history = record.History.Append(revision).TakeLast(_options.MaxHistory).ToArray();
        var done = record with { Current = rollout.To, Rollout = null, History = history };
        Replace(service, done);
        _logger.LogInformation("Demo fleet: {Service} now runs {Version} ({Cause})", service, rollout.To, rollout.ChangeCause);
        return done;
    }

    private double RolloutShare(DemoRolloutRecord rollout)
    {
        var duration = _options.RolloutDuration;
        if (duration <= TimeSpan.Zero)
        {
            return 1;
        }
        var elapsed = (_time.GetUtcNow() - rollout.StartedAt) / duration;
        return Math.Clamp(rollout.StartShare + (1 - rollout.StartShare) * elapsed, rollout.StartShare, 1);
    }

    private void Replace(string service, DemoServiceRecord record)
    {
        _services[service] = record;
        if (_store is null)
        {
            return;
        }
        try
        {
            _store.Save(new DemoFleetFile(DemoFleetFile.CurrentFormat, new Dictionary<string, DemoServiceRecord>(_services, StringComparer.Ordinal)));
        }
        catch (IOException ex)
        {
            // The change itself stands (the simulated fleet is in memory); only a restart would forget it.
            _logger.LogError(ex, "Demo fleet state not saved to {Path}", _store.Path);
        }
        catch (UnauthorizedAccessException ex)
        {
            _logger.LogError(ex, "Demo fleet state not saved to {Path}", _store.Path);
        }
    }

    /// <summary>First start: the versions up to the current one were deployed a day apart, the oldest first.</summary>
    private DemoServiceRecord Seeded(string service)
    {
        var seed = _options.SeedFor(service);
        var current = seed.CurrentVersion;
        var deployed = seed.Versions.Take(seed.Versions.IndexOf(current) + 1).ToArray();
        var now = _time.GetUtcNow();
        var history = deployed.Select((version, i) => new DemoRevisionRecord(i + 1, version, DemoDeploymentView.ImageFor(service, seed, version),
            i == 0 ? $"initial deploy of {version}" : $"release {version}", now.AddDays(i - deployed.Length))).ToArray();
        return new DemoServiceRecord { Current = current, History = history };
    }
}
