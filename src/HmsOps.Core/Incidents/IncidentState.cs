namespace HmsOps.Core.Incidents;

/// <summary>Where an incident is. Forward-only except that a mitigated incident reopens when its alert fires again.</summary>
public enum IncidentState
{
    Open,
    Acknowledged,
    Mitigated,
    Resolved,
}

public static class IncidentStates
{
    /// <summary>The lower-case word the API, the database and the page use.</summary>
    public static string Text(this IncidentState state) => state switch
    {
        IncidentState.Open => "open",
        IncidentState.Acknowledged => "acknowledged",
        IncidentState.Mitigated => "mitigated",
        IncidentState.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static bool TryParse(string? text, out IncidentState state)
    {
        foreach (var candidate in Enum.GetValues<IncidentState>())
        {
            if (string.Equals(candidate.Text(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }
        state = default;
        return false;
    }

    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<IncidentState>().Select(s => s.Text()).ToArray();
}
