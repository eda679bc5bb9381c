using System.Globalization;
using HmsOps.Core.Dashboards;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Controls.Dashboards;

/// <summary>One service's copy of the radar's repeated row, as a card: red when any of its panels is on a red step.</summary>
public partial class RadarServiceCard : IDisposable
{
    private readonly PanelHealth _health = new();

    [Parameter, EditorRequired] public required string Service { get; set; }

    [Parameter, EditorRequired] public required DashboardSession Session { get; set; }

    [Parameter, EditorRequired] public required IReadOnlyList<PanelInstance> Panels { get; set; }

    [Parameter] public Func<PanelInstance, Thresholds?>? ThresholdOverride { get; set; }

    private string HealthAttribute => _health.State switch
    {
        PanelHealthState.Red => "red",
        PanelHealthState.Ok => "ok",
        _ => "nodata",
    };

    private string HealthText => _health.State switch
    {
        PanelHealthState.Red => "OVER THRESHOLD",
        PanelHealthState.Ok => "OK",
        _ => "NO DATA",
    };

    private Color HealthColour => _health.State switch
    {
        PanelHealthState.Red => Color.Error,
        PanelHealthState.Ok => Color.Success,
        _ => Color.Default,
    };

    protected override void OnInitialized() => _health.Changed += OnHealthChanged;

    private void OnHealthChanged() => _ = InvokeAsync(StateHasChanged);

    /// <summary>Positions inside the card count from the row's top, so every card lays out the same.</summary>
    private string CellStyle(PanelInstance instance)
    {
        var top = Panels.Count == 0 ? 0 : Panels.Min(p => p.Pos.Y);
        var y = instance.Pos.Y - top;
        return string.Create(CultureInfo.InvariantCulture,
            $"grid-column:{instance.Pos.X + 1} / span {instance.Pos.W};grid-row:{y + 1} / span {instance.Pos.H}");
    }

    public void Dispose() => _health.Changed -= OnHealthChanged;
}
