using HmsOps.Core.Dashboards;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Console.Components.Pages;

/// <summary>Every file of the dashboards folder: loaded ones link to their page, invalid ones show why.</summary>
public partial class Dashboards : IDisposable
{
    private IDisposable? _subscription;

    [Inject] public required DashboardCatalog Catalog { get; init; }

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            _subscription = Catalog.Subscribe(() => InvokeAsync(StateHasChanged));
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
