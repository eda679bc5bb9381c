using HmsOps.Console.Security;
using HmsOps.Core.Incidents;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Incidents;

/// <summary>
/// An incident's postmortem: rendered through the product's one Markdig pipeline (raw HTML shown as text, unsafe link
/// schemes neutralised), editable by engineers in a Markdown text area, downloadable as the API's <c>.md</c>. While
/// nobody has saved an edit the document is generated afresh on each load, so the page's refresh keeps it current.
/// </summary>
public partial class PostmortemPanel
{
    private PostmortemDocument? _document;
    private bool _editing;
    private string _draft = "";
    private string? _error;

    [Parameter, EditorRequired] public required string IncidentId { get; set; }

    /// <summary>Whether the signed-in person may edit (engineer or lead); the save checks again.</summary>
    [Parameter] public bool CanEdit { get; set; }

    [Inject] public required IncidentService Incidents { get; init; }

    [Inject] public required SignedInUser User { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    private string DownloadHref => $"api/incidents/{Uri.EscapeDataString(IncidentId)}/postmortem.md";

    // Generating reads the metrics (impact), so not on every render of the page: when the incident changes, and when
    // the page asks (its throttled refresh after a change to this incident).
    protected override async Task OnParametersSetAsync()
    {
        if (_document?.IncidentId != IncidentId)
        {
            await RefreshAsync();
        }
    }

    /// <summary>Reloads the document unless someone is editing it here (their draft is never replaced under them).</summary>
    public async Task RefreshAsync()
    {
        if (!_editing)
        {
            _document = await Incidents.GetPostmortemAsync(IncidentId);
            StateHasChanged();
        }
    }

    private void Edit()
    {
        _draft = _document?.Markdown ?? "";
        _error = null;
        _editing = true;
    }

    private void CancelEdit()
    {
        _editing = false;
        _error = null;
    }

    private async Task SaveAsync()
    {
        if (await User.ActorAsync() is not { } actor)
        {
            _error = "sign in again: the session has no user";
            return;
        }
        var result = await Incidents.SavePostmortemAsync(IncidentId, _draft, actor);
        if (!result.IsOk)
        {
            _error = result.Message;
            return;
        }
        _editing = false;
        _error = null;
        await RefreshAsync();
        Snackbar.Add("Postmortem saved", Severity.Success);
    }
}
