using Bunit;
using HmsOps.Core.Changes;
using HmsOps.Core.Security;

namespace HmsOps.Components.Tests.Pages;

/// <summary>Promote and abort of a running canary from the Deployments page: asked by an engineer, approved by another lead.</summary>
public sealed partial class DeploymentsPageTests
{
    private static readonly Actor Lead2 = Actor.Create("lead2", Role.Viewer, Role.Engineer, Role.Lead);

    /// <summary>A canary of ach-svc to v1.9.1, requested by the engineer, approved by lead1, holding its first step.</summary>
    private async Task<string> RunningCanaryAsync()
    {
        var requested = await Changes.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Canary, "v1.9.1", "try the fix on a share of traffic"), Engineer);
        Assert.True(requested.IsOk, requested.Message);
        var id = requested.Change!.Id;
        Assert.True((await Changes.ApproveAsync(id, Lead1)).IsOk);
        await Changes.WhenIdleAsync();
        Assert.Equal(ChangeState.CanaryRunning, Changes.Get(id)!.State);
        return id;
    }

    [Fact]
    public async Task A_viewer_sees_the_running_canary_but_no_promote_or_abort()
    {
        var id = await RunningCanaryAsync();
        var (_, page) = RenderAs("viewer", "viewer");

        page.WaitForAssertion(() => Assert.Equal("canary", page.Find($"[data-change-id='{id}'] [data-testid='change-state']").TextContent.Trim()), Deadline);
        Assert.Empty(page.FindAll("[data-testid='promote']"));
        Assert.Empty(page.FindAll("[data-testid='abort']"));
    }

    [Fact]
    public async Task An_engineer_asks_to_promote_with_a_reason_then_a_second_lead_approves_and_the_canary_version_runs()
    {
        var id = await RunningCanaryAsync();
        var (dialogs, page) = RenderAs("engineer", "viewer", "engineer");

        page.WaitForAssertion(() => page.Find($"button[aria-label='Promote {id}']"), Deadline);
        page.Find($"button[aria-label='Promote {id}']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("v1.9.1 takes 100 %", dialogs.Find("[data-testid='decision-what']").TextContent, StringComparison.Ordinal), Deadline);
        Assert.True(dialogs.Find("[data-testid='decision-confirm']").HasAttribute("disabled"), "a reason is required");
        dialogs.Find("[data-field='reason']").Input("clean at 5 %, error rate and p95 level with v1.9.0");
        dialogs.Find("[data-testid='decision-confirm']").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid='decision-confirm']")), Deadline);
        var pending = Changes.Get(id)!.Canary!.Pending!;
        Assert.Equal((CanaryDecision.Promote, "engineer"), (pending.Decision, pending.RequestedBy));
        // The one who asked may withdraw it, and cannot ask twice.
        page.WaitForAssertion(() =>
        {
            var row = page.Find($"[data-change-id='{id}']");
            Assert.NotNull(row.QuerySelector("[data-testid='withdraw']"));
            Assert.Null(row.QuerySelector("[data-testid='promote']"));
            Assert.Contains("promote awaits approval", row.TextContent, StringComparison.Ordinal);
        }, Deadline);

        Assert.True((await Changes.ApproveAsync(id, Lead2)).IsOk);
        await UntilAsync(() => page.Find("[data-testid='deployment-ach-svc'] [data-testid='current-version']").TextContent == "v1.9.1"
                               && page.Find($"[data-change-id='{id}'] [data-testid='change-state']").TextContent.Trim() == "promoted");
    }

    [Fact]
    public async Task A_lead_approves_an_engineers_abort_in_the_dialog_and_the_stable_version_serves_everything_again()
    {
        var id = await RunningCanaryAsync();
        Assert.True((await Changes.RequestCanaryDecisionAsync(id, Engineer, CanaryDecision.Abort, "p95 doubled on v1.9.1")).IsOk);
        var (dialogs, page) = RenderAs("lead2", "viewer", "engineer", "lead");

        page.WaitForAssertion(() => page.Find($"button[aria-label='Approve {id}']"), Deadline);
        Assert.Empty(page.FindAll("[data-testid='promote']"));
        page.Find($"button[aria-label='Approve {id}']").Click();
        dialogs.WaitForAssertion(() =>
        {
            Assert.Contains("Abort the canary of ach-svc", dialogs.Find("[data-testid='decision-what']").TextContent, StringComparison.Ordinal);
            Assert.Equal("engineer", dialogs.Find("[data-testid='decision-requester']").TextContent);
        }, Deadline);
        dialogs.Find("[data-testid='decision-confirm']").Click();

        await UntilAsync(() => page.Find($"[data-change-id='{id}'] [data-testid='change-state']").TextContent.Trim() == "aborted"
                               && page.FindAll("[data-testid='deployment-ach-svc'] [data-testid='in-flight']").Count == 0);
        Assert.Equal("v1.9.0", page.Find("[data-testid='deployment-ach-svc'] [data-testid='current-version']").TextContent);
        Assert.Equal("lead2", Changes.Transitions(id).Last(t => t.Kind == TransitionKind.Approved).Actor);
    }

    [Fact]
    public async Task The_lead_who_asked_to_abort_cannot_approve_it_and_may_withdraw_it()
    {
        var id = await RunningCanaryAsync();
        Assert.True((await Changes.RequestCanaryDecisionAsync(id, Lead1, CanaryDecision.Abort, "not needed after all")).IsOk);
        var (dialogs, page) = RenderAs("lead1", "viewer", "engineer", "lead");

        page.WaitForAssertion(() => page.Find($"button[aria-label='Withdraw {id}']"), Deadline);
        Assert.Empty(page.FindAll($"button[aria-label='Approve {id}']"));
        page.Find($"button[aria-label='Withdraw {id}']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='decision-confirm']"), Deadline);
        dialogs.Find("[data-testid='decision-confirm']").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid='decision-confirm']")), Deadline);
        var change = Changes.Get(id)!;
        Assert.Equal(ChangeState.CanaryRunning, change.State);
        Assert.Null(change.Canary!.Pending);
        page.WaitForAssertion(() => page.Find($"button[aria-label='Promote {id}']"), Deadline);
    }
}
