namespace HmsOps.Core.Traces;

/// <summary>
/// A trace search, as the Traces page and <c>GET /api/traces</c> ask it. Every filter is optional except the
/// window; a trace matches when one of its spans matches every span filter (service, operation, errors) and
/// the whole trace lasts at least <see cref="MinDurationMicros"/>.
/// </summary>
public sealed record TraceQuery(
    DateTimeOffset Start,
    DateTimeOffset End,
    string? Service = null,
    string? Operation = null,
    long? MinDurationMicros = null,
    bool ErrorsOnly = false,
    int Limit = 100)
{
    /// <summary>The most traces one search returns, whatever <see cref="Limit"/> asks.</summary>
    public const int MaxLimit = 1_000;
}
