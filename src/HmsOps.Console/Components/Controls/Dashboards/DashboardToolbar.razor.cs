using HmsOps.Core.Dashboards;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Console.Components.Controls.Dashboards;

/// <summary>Variable dropdowns, the time range picker (relative and absolute) and the refresh picker.</summary>
public partial class DashboardToolbar
{
    public const string Absolute = "absolute";

    private static readonly (string Value, string Text)[] RelativeRanges =
        [("now-5m", "Last 5 minutes"), ("now-15m", "Last 15 minutes"), ("now-1h", "Last 1 hour"), ("now-3h", "Last 3 hours"),
         ("now-6h", "Last 6 hours"), ("now-12h", "Last 12 hours"), ("now-24h", "Last 24 hours"), ("now-2d", "Last 2 days"), ("now-7d", "Last 7 days")];

    public static readonly (string Value, string Text)[] RefreshChoices =
        [("off", "Off"), ("5s", "5s"), ("10s", "10s"), ("30s", "30s"), ("1m", "1m"), ("5m", "5m")];

    private string? _from;
    private string? _to;
    private string? _absoluteError;
    private bool _absoluteChosen;

    [Parameter, EditorRequired] public required DashboardSession Session { get; set; }

    /// <summary>Called after the session changed (variables, range or refresh), to re-query and update the URL.</summary>
    [Parameter] public EventCallback Changed { get; set; }

    private IEnumerable<(string Value, string Text)> RangeChoices =>
        RelativeRanges.Any(r => r.Value == Session.Range.From) || !Session.Range.IsRelative
            ? RelativeRanges
            : RelativeRanges.Prepend((Session.Range.From, Session.Range.Describe()));

    private string RangeChoice => _absoluteChosen || !Session.Range.IsRelative ? Absolute : Session.Range.From;

    /// <summary>The picker's choices at or above the scheduler's minimum, plus the refresh in effect when it is not one of them.</summary>
    private IEnumerable<(string Value, string Text)> RefreshPickerChoices
    {
        get
        {
            var allowed = RefreshChoices.Where(c => c.Value == "off"
                || (GrafanaInterval.TryParseDuration(c.Value, out var refresh) && refresh >= Session.MinRefresh)).ToList();
            if (allowed.All(c => c.Value != RefreshChoice))
            {
                allowed.Insert(1, (RefreshChoice, RefreshChoice));
            }
            return allowed;
        }
    }

    private string? RefreshNote => Session.RefreshRaisedFrom is { } asked
        ? $"Refresh {GrafanaInterval.FormatExact((long)asked.TotalMilliseconds)} raised to the minimum {GrafanaInterval.FormatExact((long)Session.MinRefresh.TotalMilliseconds)} (Live:MinRefresh)"
        : null;

    private string RefreshChoice => Session.Refresh is { } r ? GrafanaInterval.Format((long)r.TotalMilliseconds) : "off";

    private IReadOnlyList<string> ChoicesOf(VariableDefinition variable)
    {
        var options = Session.Options.GetValueOrDefault(variable.Name) ?? [];
        return variable.IncludeAll ? [VariableDefinition.AllToken, .. options] : options;
    }

    private static string TextOf(string? option) => option == VariableDefinition.AllToken ? "All" : option ?? "";

    private IReadOnlyCollection<string> SelectedOf(VariableDefinition variable) =>
        Session.Values.GetValueOrDefault(variable.Name) is { } value
            ? value.IsAll ? [VariableDefinition.AllToken] : value.Values.ToArray()
            : [];

    private async Task OnVariableChanged(VariableDefinition variable, IEnumerable<string?> values)
    {
        var chosen = values.OfType<string>().ToArray();
        var wasAll = Session.Values.GetValueOrDefault(variable.Name)?.IsAll == true;
        // Picking a value while All is selected replaces All, picking All replaces the values, as in Grafana.
        if (chosen.Length > 1 && chosen.Contains(VariableDefinition.AllToken))
        {
            chosen = wasAll ? chosen.Where(c => c != VariableDefinition.AllToken).ToArray() : [VariableDefinition.AllToken];
        }
        Session.Requested[variable.Name] = chosen;
        await Changed.InvokeAsync();
    }

    private async Task OnRangeChanged(string value)
    {
        if (value == Absolute)
        {
            _absoluteChosen = true;
            var (from, to) = Session.Range.IsRelative ? (null, null) : (Session.Range.From, Session.Range.To);
            (_from, _to) = (from, to);
            return;
        }
        _absoluteChosen = false;
        Session.Range = new TimeRangeSpec(value, "now");
        await Changed.InvokeAsync();
    }

    private async Task ApplyAbsolute()
    {
        if (!TimeRangeSpec.TryParsePoint(_from ?? "", out _) || !TimeRangeSpec.TryParsePoint(_to ?? "", out _))
        {
            _absoluteError = "From and To need a date like 2026-03-02T10:00:00Z (or now-1h)";
            return;
        }
        _absoluteError = null;
        Session.Range = new TimeRangeSpec(_from!.Trim(), _to!.Trim());
        await Changed.InvokeAsync();
    }

    private async Task OnRefreshChanged(string value)
    {
        Session.Refresh = value == "off" ? null : GrafanaInterval.TryParseDuration(value, out var refresh) ? refresh : Session.Refresh;
        await Changed.InvokeAsync();
    }
}
