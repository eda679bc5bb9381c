using HmsOps.Core.Runbooks;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Pages;

/// <summary>One runbook rendered; <c>#section</c> links and heading anchors work, and an edit shows without reload.</summary>
public partial class RunbookPage : IDisposable
{
    private Runbook? _runbook;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private IDisposable? _subscription;

    [Inject] public required RunbookLibrary Library { get; init; }

    [Parameter] public required string Name { get; set; }

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            _subscription = Library.Subscribe(() => InvokeAsync(() =>
            {
                Load();
                StateHasChanged();
            }));
        }
    }

    protected override void OnParametersSet() => Load();

    private void Load()
    {
        _runbook = Library.Catalog.FindByName(Name);
        _breadcrumbs = [new BreadcrumbItem("Runbooks", "runbooks"), new BreadcrumbItem(_runbook?.Title ?? Name, null, disabled: true)];
    }

    public void Dispose() => _subscription?.Dispose();
}
