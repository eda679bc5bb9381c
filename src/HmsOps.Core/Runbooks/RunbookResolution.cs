namespace HmsOps.Core.Runbooks;

/// <summary>Where an alert's <c>runbook</c>/<c>runbook_url</c> annotation leads.</summary>
public abstract record RunbookResolution
{
    private RunbookResolution()
    {
    }

    /// <summary>A shipped runbook; <paramref name="Anchor"/> is the annotation's <c>#section</c>, if any.</summary>
    public sealed record Local(Runbook Runbook, string? Anchor) : RunbookResolution;

    /// <summary>An http(s) URL with no local runbook of that name: open it in a new tab.</summary>
    public sealed record External(Uri Url) : RunbookResolution;

    /// <summary>No usable runbook; <paramref name="Reason"/> is shown on the alert.</summary>
    public sealed record Missing(string Reason) : RunbookResolution;
}
