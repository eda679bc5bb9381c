using HmsOps.Core.Radar;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Controls;

/// <summary>One service on the radar: heatmap, error-rate line, current quantiles and rates; red when over a threshold.</summary>
public partial class RadarCard
{
    [Parameter, EditorRequired] public required ServiceRadar Radar { get; set; }

    /// <summary>Changes with every new snapshot so the charts know to redraw.</summary>
    [Parameter] public long Version { get; set; }

    [Parameter] public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    private string HealthAttribute => Radar.Health switch
    {
        ServiceHealth.Red => "red",
        ServiceHealth.Ok => "ok",
        _ => "nodata",
    };

    private string HealthText => Radar.Health switch
    {
        ServiceHealth.Red => "OVER THRESHOLD",
        ServiceHealth.Ok => "OK",
        _ => "NO DATA",
    };

    private Color HealthColour => Radar.Health switch
    {
        ServiceHealth.Red => Color.Error,
        ServiceHealth.Ok => Color.Success,
        _ => Color.Default,
    };

    private string WindowText => Window.TotalMinutes >= 1 ? $"{Window.TotalMinutes:0} min" : $"{Window.TotalSeconds:0} s";

    private static string Seconds(double? seconds) => seconds is { } s ? RadarCalculator.FormatSeconds(s) : "–";
}
