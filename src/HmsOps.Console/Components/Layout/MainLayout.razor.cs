using HmsOps.Console.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace HmsOps.Console.Components.Layout;

public partial class MainLayout
{
    private bool _drawerOpen = true;
    private bool _dark = true;

    [Inject] public required ConsoleOptions ConsoleOptions { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive)
        {
            return;
        }
        // The control-room dark theme is the default; a light choice is remembered per browser.
        var stored = await JS.InvokeAsync<string?>("hmsOps.theme.get");
        if (stored == "light")
        {
            _dark = false;
            StateHasChanged();
        }
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleThemeAsync()
    {
        _dark = !_dark;
        await JS.InvokeVoidAsync("hmsOps.theme.set", _dark ? "dark" : "light");
    }
}
