using System.Text.Json;
using HmsOps.Console.Security;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Matchers;
using HmsOps.Core.Alerting.Silences;
using HmsOps.Core.Audit;
using HmsOps.Core.PromQL;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Dialogs;

/// <summary>
/// Creates a silence for an alert: prefilled with an equality matcher per label (so it mutes exactly this alert,
/// as Alertmanager's UI does), editable; each error is shown on its field, and nothing is stored until all pass.
/// The silence is recorded as the signed-in person's, who must hold the oncall role (checked again on create).
/// </summary>
public partial class SilenceDialog
{
    public const string DefaultDuration = "2h";

    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private List<string> _matchers = [];
    private string _duration = DefaultDuration;
    private string _createdBy = "";
    private string _comment = "";

    [CascadingParameter] public required IMudDialogInstance Dialog { get; set; }

    [Parameter, EditorRequired] public required ConsoleAlert Alert { get; set; }

    [Inject] public required SilenceStore Silences { get; init; }

    [Inject] public required SignedInUser User { get; init; }

    [Inject] public required IAuditLog Audit { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _matchers = Alert.Labels.Pairs
            .Select(p => Silence.FormatMatcher(new LabelMatcher(p.Key, MatchOp.Equal, p.Value)))
            .ToList();
        _createdBy = (await User.ActorAsync())?.Name ?? "";
    }

    private void Cancel() => Dialog.Cancel();

    private async Task CreateAsync()
    {
        _errors.Clear();
        if (await User.ActorAsync() is not { } actor || !await User.MayAsync(Policies.OnCall))
        {
            _errors["createdBy"] = "silencing needs the oncall role";
            return;
        }
        IReadOnlyList<LabelMatcher> matchers = [];
        try
        {
            matchers = MatcherParser.ParseAll(_matchers.Where(m => !string.IsNullOrWhiteSpace(m)));
        }
        catch (FormatException e)
        {
            _errors["matchers"] = e.Message;
        }
        if (!PromDuration.TryParse(_duration.Trim(), out var duration))
        {
            _errors["duration"] = $"'{_duration}' is not a duration (e.g. 2h, 30m, 1d12h)";
        }
        if (_errors.Count > 0)
        {
            return;
        }
        try
        {
            var silence = Silences.Create(matchers, duration, actor.Name, _comment);
            Audit.Append(new AuditDraft(actor.Name, AuditActions.AlertSilenced, "silence:" + silence.Id,
                JsonSerializer.Serialize(new { matchers = silence.MatchersText, endsAt = silence.EndsAt, comment = silence.Comment })));
            Dialog.Close(DialogResult.Ok(silence));
        }
        catch (SilenceValidationException e)
        {
            _errors[e.Field] = e.Message;
        }
    }
}
