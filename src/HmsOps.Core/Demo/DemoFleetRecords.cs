using HmsOps.Core.Deployments;

namespace HmsOps.Core.Demo;

/// <summary>What the demo fleet persists per service (see <see cref="DemoFleetStore"/>).</summary>
public sealed record DemoServiceRecord
{
    public required string Current { get; init; }
    public required IReadOnlyList<DemoRevisionRecord> History { get; init; }
    public DemoRolloutRecord? Rollout { get; init; }
    public DemoCanaryRecord? Canary { get; init; }
}

public sealed record DemoRevisionRecord(long Revision, string Version, string Image, string? ChangeCause, DateTimeOffset DeployedAt);

/// <summary>A rolling update from <paramref name="From"/> to <paramref name="To"/>, which already had <paramref name="StartShare"/> of traffic when it started (a promoted canary).</summary>
public sealed record DemoRolloutRecord(string From, string To, double StartShare, DateTimeOffset StartedAt, string ChangeCause);

public sealed record DemoCanaryRecord(string Version, int WeightPercent, DateTimeOffset StartedAt, string ChangeCause);

/// <summary>The file's shape: one record per service.</summary>
public sealed record DemoFleetFile(int Version, Dictionary<string, DemoServiceRecord> Services)
{
    public const int CurrentFormat = 1;
}

/// <summary>A rollout or canary the state accepted; the provider waits on rollouts.</summary>
public sealed record DemoChangeStarted(string Service, string TargetVersion);

/// <summary>How long a deployment takes and what one looks like: helpers shared by the state and the provider.</summary>
internal static class DemoDeploymentView
{
    public static ServiceDeployment ToDeployment(string service, DemoServiceRecord record, DemoServiceSeed seed, double rolloutShare)
    {
        var replicas = seed.Replicas;
        var digest = ImageReference.ConfigDigest(seed.Config);
        var image = ImageFor(service, seed, record.Current);
        InFlightChange? inFlight = null;
        if (record.Rollout is { } rollout)
        {
            var updated = UpdatedReplicas(rolloutShare, replicas);
            inFlight = new InFlightChange(InFlightKind.Rollout, rollout.To, null,
                $"rolling out {rollout.To}: {updated}/{replicas} replicas updated");
        }
        else if (record.Canary is { } canary)
        {
            inFlight = new InFlightChange(InFlightKind.Canary, canary.Version, canary.WeightPercent,
                $"canary {canary.Version} takes {canary.WeightPercent} % of traffic");
        }
        return new ServiceDeployment(service, record.Current, image, replicas, replicas, digest, inFlight);
    }

    public static int UpdatedReplicas(double rolloutShare, int replicas) => (int)Math.Round(rolloutShare * replicas);

    public static string ImageFor(string service, DemoServiceSeed seed, string version) => seed.RepositoryFor(service) + ":" + version;

    /// <summary>Canary replicas follow the weight (at least one while it takes any traffic); the stable keeps the rest.</summary>
    public static CanaryState Canary(string service, string stable, DemoCanaryRecord canary, int replicas)
    {
        var canaryReplicas = Math.Clamp((int)Math.Round(replicas * canary.WeightPercent / 100.0, MidpointRounding.AwayFromZero), 1, replicas);
        return new CanaryState(service, stable, canary.Version, canary.WeightPercent, replicas - canaryReplicas, canaryReplicas);
    }
}
