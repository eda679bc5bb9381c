using HmsOps.Console.Security;

namespace HmsOps.Console.Components.Dialogs;

/// <summary>What a person does to a pending change request from the Deployments page.</summary>
public enum ChangeDecisionMode
{
    /// <summary>A lead other than the requester approves: the change executes once.</summary>
    Approve,

    /// <summary>A lead rejects with a reason.</summary>
    Reject,

    /// <summary>The requester withdraws their own request.</summary>
    Withdraw,

    /// <summary>A lead executes alone, with a mandatory reason.</summary>
    BreakGlass,

    /// <summary>An engineer asks to promote a running canary to 100 %; a second person approves it like a request.</summary>
    Promote,

    /// <summary>An engineer asks to abort a running canary (all traffic back to the stable version); a second person approves it.</summary>
    Abort,
}

/// <summary>
/// The role each decision needs, in one place: the Deployments page checks it before opening the dialog and the
/// dialog checks it again on submit, so the two cannot drift apart.
/// </summary>
public static class ChangeDecisionModes
{
    /// <summary>Asking to promote or abort a running canary (a request of its own), rather than deciding one.</summary>
    public static bool AsksAboutCanary(this ChangeDecisionMode mode) => mode is ChangeDecisionMode.Promote or ChangeDecisionMode.Abort;

    /// <summary>Engineers ask and withdraw their own; deciding another person's request or breaking glass needs a lead.</summary>
    public static string RequiredPolicy(this ChangeDecisionMode mode) =>
        mode is ChangeDecisionMode.Withdraw || mode.AsksAboutCanary() ? Policies.Engineer : Policies.Lead;
}
