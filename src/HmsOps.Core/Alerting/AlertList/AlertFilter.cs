namespace HmsOps.Core.Alerting.AlertList;

/// <summary>Which alerts to show by acknowledgement.</summary>
public enum AckFilter
{
    All,
    Acknowledged,
    Unacknowledged,
}

/// <summary>
/// What the Alerts page shows. Kept in the URL query (<see cref="ToQuery"/>/<see cref="FromQuery"/>) so a link
/// reproduces the view: <c>?state=firing&amp;severity=critical&amp;service=ach-svc&amp;ack=unacknowledged&amp;silenced=hide&amp;q=rail</c>.
/// Empty sets mean "any"; several values are comma-separated.
/// </summary>
public sealed record AlertFilter
{
    public const string StateKey = "state";
    public const string SeverityKey = "severity";
    public const string ServiceKey = "service";
    public const string AckKey = "ack";
    public const string SilencedKey = "silenced";
    public const string SearchKey = "q";

    // Declared before All: static fields initialise in order, and All's sets start as this one.
    private static readonly IReadOnlySet<string> Empty = new HashSet<string>(StringComparer.Ordinal);

    public static readonly AlertFilter All = new();

    /// <summary>The query keys the filter owns (the page keeps its other keys, e.g. the open runbook).</summary>
    public static readonly IReadOnlyList<string> Keys = [StateKey, SeverityKey, ServiceKey, AckKey, SilencedKey, SearchKey];

    /// <summary>"firing", "pending", "resolved"; empty = any.</summary>
    public IReadOnlySet<string> States { get; init; } = Empty;

    /// <summary>"critical", "warning", "info" or "other"; empty = any.</summary>
    public IReadOnlySet<string> Severities { get; init; } = Empty;

    public IReadOnlySet<string> Services { get; init; } = Empty;

    public AckFilter Ack { get; init; } = AckFilter.All;

    /// <summary>Silenced and inhibited alerts are shown unless this is false.</summary>
    public bool ShowSilenced { get; init; } = true;

    /// <summary>Free text, case-insensitive, over the name, label names and values and annotation values.</summary>
    public string Search { get; init; } = "";

    public static IReadOnlyList<string> StateNames { get; } = ["firing", "pending", "resolved"];

    public static IReadOnlyList<string> SeverityNames { get; } = ["critical", "warning", "info", "other"];

    /// <summary>Reads the filter from query values; unknown states, severities and flags are ignored, not guessed.</summary>
    public static AlertFilter FromQuery(Func<string, string?> query) => new()
    {
        States = Set(query(StateKey), StateNames),
        Severities = Set(query(SeverityKey), SeverityNames),
        Services = Set(query(ServiceKey), null),
        Ack = query(AckKey)?.Trim().ToLowerInvariant() switch
        {
            "acknowledged" => AckFilter.Acknowledged,
            "unacknowledged" => AckFilter.Unacknowledged,
            _ => AckFilter.All,
        },
        ShowSilenced = !string.Equals(query(SilencedKey)?.Trim(), "hide", StringComparison.OrdinalIgnoreCase),
        Search = query(SearchKey)?.Trim() ?? "",
    };

    /// <summary>Every filter key with its value, null where the filter is at its default (so the key drops out of the URL).</summary>
    public IReadOnlyDictionary<string, string?> ToQuery() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        [StateKey] = Join(States, StateNames),
        [SeverityKey] = Join(Severities, SeverityNames),
        [ServiceKey] = Join(Services, Services.Order(StringComparer.Ordinal).ToList()),
        [AckKey] = Ack == AckFilter.All ? null : Ack.ToString().ToLowerInvariant(),
        [SilencedKey] = ShowSilenced ? null : "hide",
        [SearchKey] = Search.Length == 0 ? null : Search,
    };

    public bool IsDefault => Equals(All);

    private static HashSet<string> Set(string? text, IReadOnlyList<string>? allowed)
    {
        var values = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(v => allowed is null ? v : v.ToLowerInvariant())
            .Where(v => allowed is null || allowed.Contains(v, StringComparer.Ordinal));
        return new HashSet<string>(values, StringComparer.Ordinal);
    }

    // In a fixed order, so the same view always gives the same link.
    private static string? Join(IReadOnlySet<string> values, IReadOnlyList<string> order) =>
        values.Count == 0 ? null : string.Join(',', order.Where(values.Contains));

    public bool Equals(AlertFilter? other) =>
        other is not null
        && States.SetEquals(other.States)
        && Severities.SetEquals(other.Severities)
        && Services.SetEquals(other.Services)
        && Ack == other.Ack
        && ShowSilenced == other.ShowSilenced
        && string.Equals(Search, other.Search, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(States.Count, Severities.Count, Services.Count, Ack, ShowSilenced, Search);
}
