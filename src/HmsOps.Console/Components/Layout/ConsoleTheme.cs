using MudBlazor;

namespace HmsOps.Console.Components.Layout;

/// <summary>A dark "control room" palette (low glare, saturated status colours) and a plain light one.</summary>
public static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteDark = new PaletteDark
        {
            Primary = "#4FC3F7",
            Secondary = "#80CBC4",
            Background = "#0B1118",
            Surface = "#121A24",
            AppbarBackground = "#0E1620",
            DrawerBackground = "#0E1620",
            TextPrimary = "#E3EAF2",
            TextSecondary = "#9FB0C2",
            Error = "#FF5252",
            Warning = "#FFB300",
            Success = "#4CAF50",
            LinesDefault = "#223041",
        },
        PaletteLight = new PaletteLight
        {
            Primary = "#0277BD",
            Secondary = "#00796B",
            AppbarBackground = "#0D2538",
            Error = "#D32F2F",
            Warning = "#F57C00",
            Success = "#2E7D32",
        },
    };
}
