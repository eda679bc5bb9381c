using HmsOps.Console.Components.Pages;
using HmsOps.Console.Security;
using HmsOps.Core.Changes;
using HmsOps.Core.Deployments;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Dialogs;

/// <summary>
/// Approves, rejects, withdraws or breaks glass on one change request (or on a running canary's pending promote or
/// abort), or asks to promote or abort a running canary, showing the diff, who asked and why, and the time left. Whatever the page showed, the role is checked again here and the change service refuses what the
/// rules forbid (self-approval, expiry, a decision already taken); the refusal is shown in the dialog.
/// One idempotency key per dialog, so a double click decides once.
/// </summary>
public partial class ChangeDecisionDialog
{
    private readonly string _idempotencyKey = Guid.NewGuid().ToString("N");
    private DeploymentDiff? _diff;
    private string _reason = "";
    private readonly ChangeSubmission _submission = new();

    [CascadingParameter] public required IMudDialogInstance Dialog { get; set; }

    [Parameter, EditorRequired] public required ChangeRecord Change { get; set; }

    [Parameter] public ChangeDecisionMode Mode { get; set; }

    [Inject] public required ChangeService Changes { get; init; }

    [Inject] public required IDeploymentProvider Provider { get; init; }

    [Inject] public required SignedInUser User { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    /// <summary>The canary decision this dialog is about: the one awaiting approval, or the one being asked for.</summary>
    private CanaryDecision? Decision => Mode switch
    {
        ChangeDecisionMode.Promote => CanaryDecision.Promote,
        ChangeDecisionMode.Abort => CanaryDecision.Abort,
        _ => Change.State == ChangeState.CanaryRunning ? Change.Canary?.Pending?.Decision : null,
    };

    private string What => Decision switch
    {
        CanaryDecision.Promote => $"Promote the canary of {Change.Service}: {Change.TargetVersion} takes 100 % (now {Change.Canary?.CurrentWeight} %), replacing {Change.FromVersion}",
        CanaryDecision.Abort => $"Abort the canary of {Change.Service}: {Change.FromVersion} takes 100 % again, {Change.TargetVersion} (now {Change.Canary?.CurrentWeight} %) is removed",
        _ => $"{(Change.Kind == ChangeKind.Canary ? "Canary" : "Roll back")} {Change.Service} {Change.FromVersion} → {Change.TargetVersion}",
    };

    /// <summary>Who asked for what awaits a decision, and why (the canary's pending promote/abort, else the request).</summary>
    private (string Who, string Why) Asked => Change.State == ChangeState.CanaryRunning && Change.Canary?.Pending is { } pending
        ? (pending.RequestedBy, pending.Reason)
        : (Change.RequestedBy, Change.Reason);

    private bool Asking => Mode.AsksAboutCanary();

    private bool NeedsReason => Mode is ChangeDecisionMode.Reject or ChangeDecisionMode.BreakGlass or ChangeDecisionMode.Promote or ChangeDecisionMode.Abort;

    private bool CanSubmit => !_submission.Busy && (!NeedsReason || !string.IsNullOrWhiteSpace(_reason));

    private string ConfirmText => Mode switch
    {
        ChangeDecisionMode.Approve => "Approve and execute",
        ChangeDecisionMode.Reject => "Reject",
        ChangeDecisionMode.Withdraw => "Withdraw",
        ChangeDecisionMode.Promote => "Ask to promote",
        ChangeDecisionMode.Abort => "Ask to abort",
        _ => "Break glass: execute now",
    };

    protected override async Task OnInitializedAsync()
    {
        if (Decision == CanaryDecision.Abort)
        {
            // An abort goes back to what runs as the stable version: nothing new to compare.
            return;
        }
        // Shown so the approver sees what will change now, not what changed when it was asked.
        var diff = await Provider.DiffAsync(Change.Service, Change.TargetVersion, CancellationToken.None);
        _diff = diff.IsOk ? diff.Value : null;
    }

    private async Task SubmitAsync()
    {
        if (!CanSubmit)
        {
            return;
        }
        await _submission.RunAsync(Dialog, async () =>
        {
            if (await User.ActorAsync() is not { } actor)
            {
                return ("Sign in first", null);
            }
            var policy = Mode.RequiredPolicy();
            if (!await User.MayAsync(policy))
            {
                return ($"This needs the {policy} role", null);
            }
            var result = Mode switch
            {
                ChangeDecisionMode.Approve => await Changes.ApproveAsync(Change.Id, actor, _idempotencyKey),
                ChangeDecisionMode.Reject => await Changes.RejectAsync(Change.Id, actor, _reason.Trim(), _idempotencyKey),
                ChangeDecisionMode.Withdraw => await Changes.RejectAsync(Change.Id, actor, "withdrawn by the requester", _idempotencyKey),
                ChangeDecisionMode.Promote => await Changes.RequestCanaryDecisionAsync(Change.Id, actor, CanaryDecision.Promote, _reason.Trim(), _idempotencyKey),
                ChangeDecisionMode.Abort => await Changes.RequestCanaryDecisionAsync(Change.Id, actor, CanaryDecision.Abort, _reason.Trim(), _idempotencyKey),
                _ => await Changes.BreakGlassAsync(Change.Id, actor, _reason.Trim(), _idempotencyKey),
            };
            return (null, result);
        });
    }

    private void Cancel() => Dialog.Cancel();
}
