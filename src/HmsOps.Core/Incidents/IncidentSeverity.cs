namespace HmsOps.Core.Incidents;

/// <summary>
/// Severity words as alert rules use them (<c>severity</c> label), ranked so "at least critical" can be decided.
/// Unknown words rank lowest: an alert with an unusual severity never opens an incident by itself.
/// </summary>
public static class IncidentSeverity
{
    public const string Critical = "critical";
    public const string Warning = "warning";
    public const string Info = "info";

    public static IReadOnlyList<string> Known { get; } = [Critical, Warning, Info];

    public static int Rank(string? severity) => severity?.Trim().ToLowerInvariant() switch
    {
        Critical => 3,
        Warning => 2,
        Info => 1,
        _ => 0,
    };

    public static bool IsKnown(string? severity) => Rank(severity) > 0;

    public static bool AtLeast(string? severity, string threshold) => Rank(severity) > 0 && Rank(severity) >= Rank(threshold);

    /// <summary>The worse of two severities (an incident takes the worst of the alerts joined to it).</summary>
    public static string Worst(string a, string b) => Rank(b) > Rank(a) ? b : a;
}
