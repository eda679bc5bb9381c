using Bunit;
using HmsOps.Core.Changes;
using MudBlazor;
using DeploymentsPage = HmsOps.Console.Components.Pages.Deployments;

namespace HmsOps.Components.Tests.Pages;

/// <summary>Requesting, approving, rejecting and breaking glass from the Deployments page, as each role sees it.</summary>
public sealed partial class DeploymentsPageTests
{
    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<DeploymentsPage> Page) RenderAs(string name, params string[] roles)
    {
        RenderInteractively();
        SignIn(name, roles);
        var dialogs = Ctx.Render<MudDialogProvider>();
        var page = Ctx.Render<DeploymentsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid='deployment-ach-svc']"), Deadline);
        return (dialogs, page);
    }

    private static void OpenRollback(IRenderedComponent<MudDialogProvider> dialogs, IRenderedComponent<DeploymentsPage> page)
    {
        page.Find("button[aria-label='Roll back ach-svc']").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid='diff']")), Deadline);
    }

    private static bool SubmitDisabled(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.Find("[data-testid='request-rollback']").HasAttribute("disabled");

    private async Task<string> RequestedByEngineerAsync()
    {
        var requested = await Changes.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "p95 over 5 s since v1.9.0"), Engineer);
        Assert.True(requested.IsOk, requested.Message);
        return requested.Change!.Id;
    }

    [Fact]
    public void The_rollback_dialog_defaults_to_the_previous_version_and_shows_the_diff()
    {
        var (dialogs, page) = RenderAs("engineer", "viewer", "engineer");

        OpenRollback(dialogs, page);

        Assert.Equal("v1.8.2", dialogs.Find("[data-field='targetVersion']").GetAttribute("value"));
        var lines = dialogs.FindAll("[data-testid='diff-line']").Select(l => l.TextContent).ToArray();
        Assert.Contains(lines, l => l.Contains("version", StringComparison.Ordinal) && l.Contains("v1.9.0", StringComparison.Ordinal) && l.Contains("v1.8.2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("image", StringComparison.Ordinal) && l.Contains("registry.local/ach-svc:v1.8.2", StringComparison.Ordinal));
    }

    [Fact]
    public void Request_stays_disabled_until_the_name_is_typed_exactly_and_a_reason_is_given_then_files_as_the_signed_in_engineer()
    {
        var (dialogs, page) = RenderAs("engineer", "viewer", "engineer");
        OpenRollback(dialogs, page);

        Assert.True(SubmitDisabled(dialogs));
        dialogs.Find("[data-field='confirm'] ").Input("ach-svc");
        Assert.True(SubmitDisabled(dialogs), "a reason is required");
        dialogs.Find("[data-field='reason']").Input("p95 over 5 s since v1.9.0");
        dialogs.Find("[data-field='confirm']").Input("ACH-svc");
        Assert.True(SubmitDisabled(dialogs), "the name must match exactly");
        dialogs.Find("[data-field='confirm']").Input("ach-svc");
        Assert.False(SubmitDisabled(dialogs));

        dialogs.Find("[data-testid='request-rollback']").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid='request-rollback']")), Deadline);
        var change = Assert.Single(Changes.List());
        Assert.Equal(("engineer", "v1.9.0", "v1.8.2", ChangeState.Requested), (change.RequestedBy, change.FromVersion, change.TargetVersion, change.State));
        Assert.Equal("p95 over 5 s since v1.9.0", change.Reason);
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-change-id='{change.Id}'] [data-testid='withdraw']")), Deadline);
    }

    [Fact]
    public async Task Another_change_in_flight_is_shown_inline_in_the_dialog()
    {
        await RequestedByEngineerAsync();
        var (dialogs, page) = RenderAs("eve", "viewer", "engineer");
        OpenRollback(dialogs, page);

        dialogs.Find("[data-field='reason']").Input("again");
        dialogs.Find("[data-field='confirm']").Input("ach-svc");
        dialogs.Find("[data-testid='request-rollback']").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("in flight", dialogs.Find("[data-testid='dialog-error']").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Single(Changes.List());
    }

    [Fact]
    public async Task The_requester_sees_withdraw_but_no_approve_even_as_a_lead()
    {
        var requested = await Changes.RequestAsync(new ChangeDraft("ach-svc", ChangeKind.Rollback, "v1.8.2", "slow"), Lead1);
        var (_, page) = RenderAs("lead1", "viewer", "engineer", "lead");

        page.WaitForAssertion(() =>
        {
            var row = page.Find($"[data-change-id='{requested.Change!.Id}']");
            Assert.Null(row.QuerySelector("[data-testid='approve']"));
            Assert.NotNull(row.QuerySelector("[data-testid='withdraw']"));
        }, Deadline);
    }

    [Fact]
    public async Task A_viewer_sees_no_action_buttons()
    {
        var id = await RequestedByEngineerAsync();
        var (_, page) = RenderAs("viewer", "viewer");

        page.WaitForAssertion(() => page.Find($"[data-change-id='{id}']"), Deadline);
        Assert.Empty(page.FindAll("button"));
    }

    [Fact]
    public async Task A_second_lead_approves_in_the_dialog_and_the_change_executes_once()
    {
        var id = await RequestedByEngineerAsync();
        var (dialogs, page) = RenderAs("lead1", "viewer", "engineer", "lead");

        page.Find($"button[aria-label='Approve {id}']").Click();
        dialogs.WaitForAssertion(() =>
        {
            Assert.Equal("engineer", dialogs.Find("[data-testid='decision-requester']").TextContent);
            Assert.Equal("expires in 15:00", dialogs.Find("[data-testid='decision-expiry']").TextContent);
            Assert.NotEmpty(dialogs.FindAll("[data-testid='diff-line']"));
        }, Deadline);
        var confirm = dialogs.Find("[data-testid='decision-confirm']");
        confirm.Click();

        await UntilAsync(() => page.Find("[data-testid='deployment-ach-svc'] [data-testid='current-version']").TextContent == "v1.8.2");
        var change = Changes.Get(id)!;
        Assert.Equal(("lead1", ChangeState.Succeeded, 1), (change.ApprovedBy, change.State, change.Attempts));
    }

    [Fact]
    public async Task An_expired_request_cannot_be_approved_and_the_dialog_says_why()
    {
        var id = await RequestedByEngineerAsync();
        Time.Advance(TimeSpan.FromMinutes(16));
        var (dialogs, page) = RenderAs("lead1", "viewer", "engineer", "lead");

        page.Find($"button[aria-label='Approve {id}']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='decision-confirm']"), Deadline);
        dialogs.Find("[data-testid='decision-confirm']").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("expired", dialogs.Find("[data-testid='dialog-error']").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Equal(ChangeState.Expired, Changes.Get(id)!.State);
        Assert.Equal("v1.9.0", page.Find("[data-testid='deployment-ach-svc'] [data-testid='current-version']").TextContent);
    }

    [Fact]
    public async Task Break_glass_needs_a_reason_and_then_executes_alone()
    {
        var id = await RequestedByEngineerAsync();
        var (dialogs, page) = RenderAs("lead1", "viewer", "engineer", "lead");

        page.Find($"button[aria-label='Break glass on {id}']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid='break-glass-warning']"), Deadline);
        Assert.True(dialogs.Find("[data-testid='decision-confirm']").HasAttribute("disabled"));
        dialogs.Find("[data-field='reason']").Input("no other lead reachable; payments failing");
        dialogs.Find("[data-testid='decision-confirm']").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid='decision-confirm']")), Deadline);
        Assert.True(Changes.Get(id)!.BreakGlass);
    }

    [Fact]
    public void A_canary_is_requested_the_same_guarded_way()
    {
        var (dialogs, page) = RenderAs("engineer", "viewer", "engineer");
        page.Find("button[aria-label='Canary ach-svc']").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid='diff']")), Deadline);

        Assert.True(dialogs.Find("[data-testid='request-canary']").HasAttribute("disabled"));
        dialogs.Find("[data-field='reason']").Input("try v1.8.2 on a share of traffic");
        dialogs.Find("[data-field='confirm']").Input("ach-svc");
        dialogs.Find("[data-testid='request-canary']").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid='request-canary']")), Deadline);
        var change = Assert.Single(Changes.List());
        Assert.Equal((ChangeKind.Canary, "engineer", "v1.8.2"), (change.Kind, change.RequestedBy, change.TargetVersion));
    }
}
