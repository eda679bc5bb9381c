namespace HmsOps.Core.Runbooks;

/// <summary>Bounds on what a runbook folder may hold, so a wrong path (e.g. a home directory) cannot exhaust memory.</summary>
public sealed class RunbookCatalogOptions
{
    public int MaxFiles { get; set; } = 500;

    public long MaxFileBytes { get; set; } = 256 * 1024;
}
