using Bunit;
using HmsOps.Core.Audit;
using HmsOps.Core.Alerting;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace HmsOps.Components.Tests.Alerting;

public sealed class SilenceDialogTests : AlertsTestBase
{
    public SilenceDialogTests() => RenderInteractively();

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<Console.Components.Pages.Alerts> Page) OpenDialog(string? name = null)
    {
        if (name is not null)
        {
            SignIn(name, "viewer", "oncall");
        }
        Book.Upsert("rules", [AchLatency()]);
        var dialogs = Ctx.Render<MudDialogProvider>();
        Navigation.NavigateTo("alerts");
        var page = Ctx.Render<Console.Components.Pages.Alerts>();
        page.Find("button[aria-label='Silence ACHLatencyHigh']").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-field='duration']")));
        return (dialogs, page);
    }

    private static string[] Matchers(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.FindAll(".silence-matchers input").Select(i => i.GetAttribute("value") ?? "").ToArray();

    private static void Set(IRenderedComponent<MudDialogProvider> dialogs, string field, string value) =>
        dialogs.Find($"[data-field='{field}']").Change(value);

    // MudBlazor marks the input invalid and shows the error in place of the field's helper text.
    private static string? ErrorOf(IRenderedComponent<MudDialogProvider> dialogs, string field)
    {
        var input = dialogs.Find($"[data-field='{field}']");
        return input.GetAttribute("aria-invalid") == "true"
            ? input.Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text")!.TextContent.Trim()
            : null;
    }

    [Fact]
    public void The_dialog_is_prefilled_with_the_alerts_matchers_and_the_signed_in_name()
    {
        var (dialogs, _) = OpenDialog("ada");

        Assert.Equal(["alertname=\"ACHLatencyHigh\"", "service=\"ach-svc\"", "severity=\"critical\""], Matchers(dialogs));
        Assert.Equal("2h", dialogs.Find("[data-field='duration']").GetAttribute("value"));
        Assert.Equal("ada", dialogs.Find("[data-field='createdBy']").GetAttribute("value"));
    }

    [Fact]
    public void Errors_are_shown_on_their_field_and_nothing_is_stored()
    {
        var (dialogs, _) = OpenDialog("ada");

        Set(dialogs, "duration", "forever");
        dialogs.Find("button:contains('Create silence')").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("'forever' is not a duration", ErrorOf(dialogs, "duration"), StringComparison.Ordinal));

        Set(dialogs, "duration", "1h");
        dialogs.Find("button:contains('Create silence')").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("a comment is required", ErrorOf(dialogs, "comment"), StringComparison.Ordinal));
        Assert.Null(ErrorOf(dialogs, "duration"));

        dialogs.FindAll(".silence-matchers input")[0].Change("alertname=~\"(\"");
        Set(dialogs, "comment", "rail maintenance");
        dialogs.Find("button:contains('Create silence')").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("invalid regular expression",
            dialogs.Find("[data-field='matchers']").TextContent, StringComparison.Ordinal));

        Assert.Empty(Silences.All());
    }

    [Fact]
    public void A_valid_silence_is_created_and_the_alert_shows_silenced()
    {
        var (dialogs, page) = OpenDialog("ada");

        dialogs.Find("button[aria-label='Remove matcher 3']").Click();
        Set(dialogs, "duration", "90m");
        Set(dialogs, "comment", "rail maintenance");
        dialogs.Find("button:contains('Create silence')").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-field='duration']")));
        var silence = Assert.Single(Silences.All());
        Assert.Equal("{alertname=\"ACHLatencyHigh\", service=\"ach-svc\"}", silence.MatchersText);
        Assert.Equal((TimeSpan.FromMinutes(90), "ada", "rail maintenance"), (silence.EndsAt - silence.StartsAt, silence.CreatedBy, silence.Comment));
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".alert-silenced")));
        var entry = Assert.Single(Audit.Entries);
        Assert.Equal(("ada", AuditActions.AlertSilenced, "silence:" + silence.Id), (entry.Actor, entry.Action, entry.Target));
    }
}
