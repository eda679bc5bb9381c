namespace HmsOps.Core.Incidents;

/// <summary>
/// A list filter: each set field narrows. <see cref="From"/>/<see cref="To"/> select incidents whose window
/// (opened → resolved, or still running) overlaps the range. Newest first, at most <see cref="Limit"/>.
/// </summary>
public sealed record IncidentQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public IncidentState? State { get; init; }

    public string? Severity { get; init; }

    public string? Service { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int Limit { get; init; } = DefaultLimit;

    public static IncidentQuery All { get; } = new();
}
