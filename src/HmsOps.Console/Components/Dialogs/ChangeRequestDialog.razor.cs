using HmsOps.Console.Security;
using HmsOps.Core.Changes;
using HmsOps.Core.Deployments;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Dialogs;

/// <summary>
/// Requests a rollback (or a canary) of one service: the target version (for a rollback the previous one by default),
/// the diff the provider computes for it, a mandatory reason, and the service name typed back so a rollback of the wrong service takes
/// more than a slip of the mouse. The request is filed as the signed-in person's, whose engineer role is checked
/// again here on the server. One idempotency key per dialog, so a double click files one request.
/// </summary>
public partial class ChangeRequestDialog
{
    private readonly string _idempotencyKey = Guid.NewGuid().ToString("N");
    private string _target = "";
    private string _reason = "";
    private string _confirm = "";
    private DeploymentDiff? _diff;
    private string? _diffError;
    private readonly ChangeSubmission _submission = new();

    [CascadingParameter] public required IMudDialogInstance Dialog { get; set; }

    [Parameter, EditorRequired] public required string Service { get; set; }

    [Parameter] public ChangeKind Kind { get; set; } = ChangeKind.Rollback;

    /// <summary>Versions to offer, newest first, without the current one.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<string> Versions { get; set; }

    [Inject] public required ChangeService Changes { get; init; }

    [Inject] public required IDeploymentProvider Provider { get; init; }

    [Inject] public required SignedInUser User { get; init; }

    private string KindWord => Kind == ChangeKind.Canary ? "canary" : "rollback";

    // Exact match, case included: the point is to read the name, not to get close to it.
    private bool NameMatches => string.Equals(_confirm, Service, StringComparison.Ordinal);

    private bool CanSubmit => NameMatches && !string.IsNullOrWhiteSpace(_reason) && _target.Length > 0 && !_submission.Busy;

    protected override async Task OnInitializedAsync()
    {
        _target = Versions.FirstOrDefault() ?? "";
        await LoadDiffAsync();
    }

    private async Task TargetChangedAsync(ChangeEventArgs e)
    {
        _target = e.Value?.ToString() ?? "";
        await LoadDiffAsync();
    }

    private async Task LoadDiffAsync()
    {
        _diff = null;
        _diffError = null;
        if (_target.Length == 0)
        {
            _diffError = $"{Service} has no other version to change to";
            return;
        }
        var diff = await Provider.DiffAsync(Service, _target, CancellationToken.None);
        if (diff.IsOk)
        {
            _diff = diff.Value;
        }
        else
        {
            _diffError = $"the diff is unavailable: {diff.Outcome}: {diff.Reason}";
        }
    }

    private async Task SubmitAsync()
    {
        if (!CanSubmit)
        {
            return;
        }
        await _submission.RunAsync(Dialog, async () =>
        {
            if (await User.ActorAsync() is not { } actor || !await User.MayAsync(Policies.Engineer))
            {
                return ($"Requesting a {KindWord} needs the engineer role", null);
            }
            return (null, await Changes.RequestAsync(new ChangeDraft(Service, Kind, _target, _reason.Trim()), actor, _idempotencyKey));
        });
    }

    private void Cancel() => Dialog.Cancel();
}
