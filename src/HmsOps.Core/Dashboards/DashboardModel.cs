namespace HmsOps.Core.Dashboards;

/// <summary>
/// A dashboard read from Grafana's dashboard JSON model (the subset the console draws). Row panels are
/// flattened away: their panels carry the row's repeat, so a repeated row repeats its panels together.
/// </summary>
public sealed record Dashboard(
    string Uid,
    string Title,
    string FileName,
    string TimeFrom,
    string TimeTo,
    TimeSpan? Refresh,
    IReadOnlyList<VariableDefinition> Variables,
    IReadOnlyList<PanelDefinition> Panels);

public enum VariableKind { Query, Custom, Constant }

public sealed record VariableOption(string Text, string Value);

/// <summary>
/// A template variable. <see cref="Current"/> holds the saved selection (<c>$__all</c> for All);
/// <see cref="Options"/> the choices of a custom variable (query variables ask the source).
/// </summary>
public sealed record VariableDefinition(
    string Name,
    string? Label,
    VariableKind Kind,
    string Query,
    string? Regex,
    bool Multi,
    bool IncludeAll,
    string? AllValue,
    IReadOnlyList<string> Current,
    IReadOnlyList<VariableOption> Options,
    bool Hidden,
    int Sort)
{
    public const string AllToken = "$__all";

    public string DisplayName => string.IsNullOrWhiteSpace(Label) ? Name : Label;
}

/// <summary>Grafana's grid: 24 columns; one height unit is 30 px.</summary>
public sealed record GridPos(int X, int Y, int W, int H);

public sealed record PanelTarget(string RefId, string Expr, string? LegendFormat, bool Hide, string? Format, bool Instant);

public enum ThresholdsMode { Absolute, Percentage }

/// <summary>A threshold step; the first one's <see cref="Value"/> is null (minus infinity).</summary>
public sealed record ThresholdStep(string Color, double? Value);

public sealed record Thresholds(ThresholdsMode Mode, IReadOnlyList<ThresholdStep> Steps);

/// <param name="NoValue">Grafana's <c>noValue</c>: the text a stat, gauge or bar gauge shows when it has no data.</param>
public sealed record FieldDefaults(string? Unit, double? Min, double? Max, int? Decimals, Thresholds? Thresholds, string? NoValue = null)
{
    public static readonly FieldDefaults None = new(null, null, null, null, null);
}

/// <summary>How a repeated panel or row is laid out: h copies side by side, v copies stacked.</summary>
public enum RepeatDirection { Horizontal, Vertical }

public sealed record PanelRepeat(string Variable, RepeatDirection Direction, int? MaxPerRow);

/// <summary>
/// One panel. <see cref="Type"/> is kept as written when the console cannot draw it, so the page can name it.
/// <see cref="Repeat"/> is the panel's own repeat or, for a panel inside a repeated row, the row's
/// (<see cref="RepeatsWithRow"/>: the row's panels are copied together, once per value).
/// <see cref="ThresholdKey"/> is the console's own extension (<c>"hmsOps": {"threshold": "latencyP95"}</c>):
/// the radar replaces this panel's red step with the service's configured threshold.
/// </summary>
public sealed record PanelDefinition(
    int Id,
    string Type,
    string Title,
    GridPos GridPos,
    IReadOnlyList<PanelTarget> Targets,
    FieldDefaults Defaults,
    IReadOnlyList<string> Calcs,
    string? Content,
    PanelRepeat? Repeat,
    bool RepeatsWithRow,
    string? RowTitle,
    int? MaxDataPoints,
    string? MinInterval,
    string? ThresholdKey)
{
    public bool IsKnownType => PanelTypes.Known.Contains(Type);
}

public static class PanelTypes
{
    public const string TimeSeries = "timeseries";
    public const string Heatmap = "heatmap";
    public const string Stat = "stat";
    public const string Gauge = "gauge";
    public const string BarGauge = "bargauge";
    public const string Table = "table";
    public const string Text = "text";

    public static readonly IReadOnlySet<string> Known =
        new HashSet<string>(StringComparer.Ordinal) { TimeSeries, Heatmap, Stat, Gauge, BarGauge, Table, Text };

    /// <summary>
    /// Grafana's own migrations: the old graph panel became timeseries and singlestat became stat, and
    /// Grafana converts them when it opens an old dashboard, so the console does the same.
    /// </summary>
    public static string Migrate(string type) => type switch
    {
        "graph" => TimeSeries,
        "singlestat" => Stat,
        _ => type,
    };
}
