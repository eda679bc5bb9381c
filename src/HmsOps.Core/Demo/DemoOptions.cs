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
}

/// <summary>What the fault switch takes, from configuration or POST /api/demo/faults.</summary>
public sealed class FaultRequest
{
    public string Service { get; set; } = "";
    public double LatencyMs { get; set; }
    public double ErrorRate { get; set; }
    public double DurationSeconds { get; set; } = 600;

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
        if (LatencyMs == 0 && ErrorRate == 0 && errors.Count == 0)
        {
            errors.Add(("latencyMs", "a fault needs latencyMs or errorRate above 0"));
        }
        return errors;
    }
}
