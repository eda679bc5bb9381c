namespace HmsOps.Core.Demo;

/// <summary>The simulated fleet. Section <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public static readonly IReadOnlyList<string> Services = ["api-gw", "claims-api", "ach-svc"];

    public bool Enabled { get; set; } = true;

    /// <summary>Requests entering api-gw per second; each fans out to claims-api and, for payments, ach-svc.</summary>
    public double RequestsPerSecond { get; set; } = 20;

    /// <summary>Share of requests that also emit spans and logs (errors always do).</summary>
    public double TraceSampleRate { get; set; } = 0.2;

    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Connections ach-svc holds to the payment rail; a slow rail makes payments queue for them.</summary>
    public int RailConnections { get; set; } = 32;

    /// <summary>Payments that may wait for the rail; beyond it ach-svc refuses new ones with 503.</summary>
    public int MaxRailQueue { get; set; } = 10_000;

    /// <summary>Faults in force from start, e.g. to rehearse an outage.</summary>
    public List<FaultRequest> Faults { get; set; } = [];

    /// <summary>
    /// The versions each service has and runs (section <c>Demo:Fleet:&lt;service&gt;</c>). A service left out gets
    /// its built-in seed, so a fresh console has something to roll back to. Read through <see cref="SeedFor"/>.
    /// </summary>
    public Dictionary<string, DemoServiceSeed> Fleet { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a simulated rolling update takes from first to last replica.</summary>
    public TimeSpan RolloutDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Revisions kept per service; the oldest are dropped beyond it.</summary>
    public int MaxHistory { get; set; } = 50;

    public DemoServiceSeed SeedFor(string service) =>
        Fleet.TryGetValue(service, out var seed) ? seed : DemoServiceSeed.Default(service);
}

/// <summary>One demo service's published versions (oldest first), the one it runs, and how it is deployed.</summary>
public sealed class DemoServiceSeed
{
    /// <summary>Every version published, oldest first; those up to <see cref="Current"/> make the initial history.</summary>
    public List<string> Versions { get; set; } = [];

    /// <summary>The version running at first start; empty means the last of <see cref="Versions"/>.</summary>
    public string? Current { get; set; }

    /// <summary>The image repository; the version is its tag.</summary>
    public string? Repository { get; set; }

    public int Replicas { get; set; } = 3;

    /// <summary>The service's configuration, shown in diffs and hashed into its config digest.</summary>
    public Dictionary<string, string> Config { get; set; } = new(StringComparer.Ordinal);

    public string CurrentVersion => string.IsNullOrWhiteSpace(Current) ? Versions[^1] : Current;

    public string RepositoryFor(string service) => string.IsNullOrWhiteSpace(Repository) ? $"registry.local/{service}" : Repository;

    /// <summary>The built-in seed: each service runs the second newest version and has one newer for a canary.</summary>
    public static DemoServiceSeed Default(string service) => service switch
    {
        "api-gw" => new() { Versions = ["v2.3.0", "v2.4.0", "v2.4.1", "v2.5.0"], Current = "v2.4.1", Config = { ["UPSTREAM_TIMEOUT_MS"] = "5000" } },
        "claims-api" => new() { Versions = ["v3.0.2", "v3.1.0", "v3.2.0"], Current = "v3.1.0", Config = { ["DB_POOL_SIZE"] = "40" } },
        "ach-svc" => new() { Versions = ["v1.8.0", "v1.8.2", "v1.9.0", "v1.9.1"], Current = "v1.9.0", Config = { ["RAIL"] = "fedach" } },
        _ => new() { Versions = ["v1.0.0"] },
    };

    /// <summary>Every problem with this seed, as (field, reason).</summary>
    public IReadOnlyList<(string Field, string Reason)> Validate()
    {
        var errors = new List<(string, string)>();
        if (Versions.Count == 0)
        {
            errors.Add(("Versions", "must list at least one version"));
        }
        foreach (var bad in Versions.Where(v => !Deployments.ImageReference.IsValidTag(v)))
        {
            errors.Add(("Versions", $"'{bad}' is not a valid image tag"));
        }
        if (Versions.Distinct(StringComparer.Ordinal).Count() != Versions.Count)
        {
            errors.Add(("Versions", "must not repeat a version"));
        }
        if (!string.IsNullOrWhiteSpace(Current) && !Versions.Contains(Current, StringComparer.Ordinal))
        {
            errors.Add(("Current", $"'{Current}' is not one of Versions"));
        }
        if (Replicas is < 1 or > 100)
        {
            errors.Add(("Replicas", "must be between 1 and 100"));
        }
        return errors;
    }
}

/// <summary>What the fault switch takes, from configuration or POST /api/demo/faults.</summary>
public sealed class FaultRequest
{
    public string Service { get; set; } = "";
    public double LatencyMs { get; set; }
    public double ErrorRate { get; set; }
    public double DurationSeconds { get; set; } = 600;

    /// <summary>The version the fault is bound to; empty means the version the service runs when the fault is set.</summary>
    public string? Version { get; set; }

    /// <summary>Every problem with this request, as (field, reason); empty when it is valid.</summary>
    public IReadOnlyList<(string Field, string Reason)> Validate()
    {
        var errors = new List<(string, string)>();
        if (!DemoOptions.Services.Contains(Service))
        {
            errors.Add(("service", $"unknown service '{Service}'; expected one of {string.Join(", ", DemoOptions.Services)}"));
        }
        if (!double.IsFinite(LatencyMs) || LatencyMs < 0 || LatencyMs > 120_000)
        {
            errors.Add(("latencyMs", "must be between 0 and 120000"));
        }
        if (!double.IsFinite(ErrorRate) || ErrorRate < 0 || ErrorRate > 1)
        {
            errors.Add(("errorRate", "must be between 0 and 1"));
        }
        if (!double.IsFinite(DurationSeconds) || DurationSeconds <= 0 || DurationSeconds > 86_400)
        {
            errors.Add(("durationSeconds", "must be more than 0 and at most 86400"));
        }
        if (Version is not null && !Deployments.ImageReference.IsValidTag(Version))
        {
            errors.Add(("version", "must be an image tag such as v1.9.0"));
        }
        if (LatencyMs == 0 && ErrorRate == 0 && errors.Count == 0)
        {
            errors.Add(("latencyMs", "a fault needs latencyMs or errorRate above 0"));
        }
        return errors;
    }
}
