namespace HmsOps.Core.Deployments;

/// <summary>One service as it runs now.</summary>
/// <param name="ConfigDigest">A short hash of the service's configuration (environment, arguments), so a change shows at a glance.</param>
/// <param name="InFlight">The rollout or canary under way, if any; a service has at most one.</param>
public sealed record ServiceDeployment(
    string Name,
    string Version,
    string Image,
    int ReadyReplicas,
    int DesiredReplicas,
    string ConfigDigest,
    InFlightChange? InFlight);

public enum InFlightKind
{
    /// <summary>A new version replacing the old one (rollback, promote).</summary>
    Rollout,
    Canary,
}

/// <param name="TargetVersion">The version being rolled out, or the canary's version.</param>
/// <param name="CanaryWeightPercent">For a canary, the share of traffic it takes.</param>
public sealed record InFlightChange(InFlightKind Kind, string TargetVersion, int? CanaryWeightPercent, string Detail);

/// <summary>One revision of a service, as the history lists it.</summary>
public sealed record DeploymentRevision(
    long Revision,
    string Version,
    string Image,
    string? ChangeCause,
    DateTimeOffset? DeployedAt,
    bool IsCurrent);

/// <summary>What a version runs with: the two sides of a diff.</summary>
/// <param name="Config">Configuration entries (environment variables and the like), by name.</param>
public sealed record DeploymentSnapshot(
    string Version,
    string Image,
    int Replicas,
    string ConfigDigest,
    IReadOnlyDictionary<string, string> Config);

/// <summary>One line of a diff; <paramref name="From"/> or <paramref name="To"/> is null when the entry is added or removed.</summary>
public sealed record DiffLine(string Field, string? From, string? To);

/// <summary>What the "see the diff" screen shows before a change is requested.</summary>
public sealed record DeploymentDiff(string Service, DeploymentSnapshot Current, DeploymentSnapshot Target)
{
    /// <summary>Only what differs: image, version, replicas, then each configuration entry that changes.</summary>
    public IReadOnlyList<DiffLine> Changes
    {
        get
        {
            var lines = new List<DiffLine>();
            Add(lines, "version", Current.Version, Target.Version);
            Add(lines, "image", Current.Image, Target.Image);
            Add(lines, "replicas", Current.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Target.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var key in Current.Config.Keys.Union(Target.Config.Keys).Order(StringComparer.Ordinal))
            {
                Add(lines, "config." + key, Current.Config.GetValueOrDefault(key), Target.Config.GetValueOrDefault(key));
            }
            return lines;
        }
    }

    private static void Add(List<DiffLine> lines, string field, string? from, string? to)
    {
        if (!string.Equals(from, to, StringComparison.Ordinal))
        {
            lines.Add(new DiffLine(field, from, to));
        }
    }
}

/// <summary>A rollout's progress, reported while a provider waits for it.</summary>
public sealed record RolloutProgress(string Service, string TargetVersion, int UpdatedReplicas, int AvailableReplicas, int DesiredReplicas, string Message);

/// <summary>A canary in force: how the service's replicas and traffic are split.</summary>
public sealed record CanaryState(
    string Service,
    string StableVersion,
    string CanaryVersion,
    int WeightPercent,
    int StableReplicas,
    int CanaryReplicas);
