using HmsOps.Console.Security;
using HmsOps.Core.Incidents;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Dialogs;

/// <summary>
/// Opens an incident by hand as the signed-in person: title, severity, impacted services (comma-separated), optional
/// commander. The service checks the role (engineer or lead) and the fields; its answer is shown on the field it names.
/// </summary>
public partial class OpenIncidentDialog
{
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private string _title = "";
    private string _severity = IncidentSeverity.Critical;
    private string _services = "";
    private string _commander = "";

    [CascadingParameter] public required IMudDialogInstance Dialog { get; set; }

    /// <summary>Services seen on other incidents, offered as a hint.</summary>
    [Parameter] public IReadOnlyList<string> Services { get; set; } = [];

    [Inject] public required IncidentService Incidents { get; init; }

    [Inject] public required SignedInUser User { get; init; }

    private string ServicesHelp => Services.Count == 0
        ? "Comma-separated, e.g. ach-svc, claims-api"
        : "Comma-separated; known: " + string.Join(", ", Services);

    private void Cancel() => Dialog.Cancel();

    private async Task OpenAsync()
    {
        _errors.Clear();
        if (await User.ActorAsync() is not { } actor)
        {
            _errors[""] = "sign in again: the session has no user";
            return;
        }
        var services = _services.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var draft = new IncidentDraft(_title, _severity, services) { Commander = string.IsNullOrWhiteSpace(_commander) ? null : _commander.Trim() };
        var result = await Incidents.OpenAsync(draft, actor);
        if (result.IsOk)
        {
            Dialog.Close(DialogResult.Ok(result.Incident!));
            return;
        }
        _errors[result.Field ?? ""] = result.Message ?? result.Outcome.ToString();
    }
}
