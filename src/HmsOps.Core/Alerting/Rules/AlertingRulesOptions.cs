namespace HmsOps.Core.Alerting.Rules;

/// <summary>Bounds for loading rule files, so a runaway rules folder cannot exhaust memory or evaluation time.</summary>
public sealed class AlertingRulesOptions
{
    /// <summary>Folder holding <c>*.yaml</c>/<c>*.yml</c> rule files, relative to the content root.</summary>
    public string Directory { get; set; } = "rules";

    public int MaxFiles { get; set; } = 100;

    public int MaxGroupsPerFile { get; set; } = 100;

    public int MaxRulesPerGroup { get; set; } = 500;

    /// <summary>Files larger than this are rejected before parsing.</summary>
    public long MaxFileBytes { get; set; } = 1024 * 1024;
}
