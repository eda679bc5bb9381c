using HmsOps.Core.Incidents;

namespace HmsOps.Console.Components.Incidents;

/// <summary>
/// The Incidents list's filters as they sit in the URL query (<c>?state=open&amp;severity=critical&amp;service=ach-svc&amp;range=24h</c>),
/// so a link reopens the same list. Unknown values are ignored rather than refused: an old or hand-edited link still
/// opens the page, just less narrowed.
/// </summary>
public sealed record IncidentFilter
{
    public const string StateKey = "state";
    public const string SeverityKey = "severity";
    public const string ServiceKey = "service";
    public const string RangeKey = "range";

    /// <summary>The time ranges offered, as words for the URL and spans back from now; "all" has no bound.</summary>
    public static IReadOnlyList<(string Name, TimeSpan? Span)> Ranges { get; } =
    [
        ("all", null),
        ("1h", TimeSpan.FromHours(1)),
        ("24h", TimeSpan.FromHours(24)),
        ("7d", TimeSpan.FromDays(7)),
        ("30d", TimeSpan.FromDays(30)),
    ];

    public static IncidentFilter All { get; } = new();

    public IncidentState? State { get; init; }

    public string? Severity { get; init; }

    public string? Service { get; init; }

    public string Range { get; init; } = "all";

    public bool IsDefault => this == All;

    public static IncidentFilter FromQuery(Func<string, string?> get)
    {
        var range = get(RangeKey)?.Trim();
        return new IncidentFilter
        {
            State = IncidentStates.TryParse(get(StateKey), out var state) ? state : null,
            Severity = IncidentSeverity.IsKnown(get(SeverityKey)) ? get(SeverityKey)!.Trim().ToLowerInvariant() : null,
            Service = string.IsNullOrWhiteSpace(get(ServiceKey)) ? null : get(ServiceKey)!.Trim(),
            Range = Ranges.Any(r => r.Name == range) ? range! : "all",
        };
    }

    /// <summary>Every key, with null for the defaults so navigating removes them from the URL.</summary>
    public IReadOnlyDictionary<string, string?> ToQuery() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        [StateKey] = State?.Text(),
        [SeverityKey] = Severity,
        [ServiceKey] = Service,
        [RangeKey] = Range == "all" ? null : Range,
    };

    /// <summary>The store's query: incidents whose window overlaps the last <see cref="Range"/> before <paramref name="now"/>.</summary>
    public IncidentQuery ToIncidentQuery(DateTimeOffset now, int limit) => new()
    {
        State = State,
        Severity = Severity,
        Service = Service,
        From = Ranges.First(r => r.Name == Range).Span is { } span ? now - span : null,
        Limit = limit,
    };
}
