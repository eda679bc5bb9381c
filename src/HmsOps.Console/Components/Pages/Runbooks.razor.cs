using HmsOps.Core.Runbooks;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Console.Components.Pages;

/// <summary>The runbooks folder, searchable (the search is in the URL, <c>?q=</c>), live as files change.</summary>
public partial class Runbooks : IDisposable
{
    private RunbookCatalog _catalog = new([], []);
    private IReadOnlyList<Runbook> _results = [];
    private IDisposable? _subscription;

    [Inject] public required RunbookLibrary Library { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "q")] public string? Q { get; set; }

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
        _catalog = Library.Catalog;
        _results = RunbookSearch.Filter(_catalog.Runbooks, Q);
    }

    private void Search(string? text) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("q", string.IsNullOrWhiteSpace(text) ? null : text.Trim()), replace: true);

    public void Dispose() => _subscription?.Dispose();
}
