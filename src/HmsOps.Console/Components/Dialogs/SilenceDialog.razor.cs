using HmsOps.Console.Components.Alerts;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Matchers;
using HmsOps.Core.Alerting.Silences;
using HmsOps.Core.PromQL;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Dialogs;

/// <summary>
/// Creates a silence for an alert: prefilled with an equality matcher per label (so it mutes exactly this alert,
/// as Alertmanager's UI does), editable; each error is shown on its field, and nothing is stored until all pass.
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

    [Inject] public required OnCallSession Session { get; init; }

    protected override void OnInitialized()
    {
        _matchers = Alert.Labels.Pairs
            .Select(p => Silence.FormatMatcher(new LabelMatcher(p.Key, MatchOp.Equal, p.Value)))
            .ToList();
        _createdBy = Session.Name;
    }

    private void Cancel() => Dialog.Cancel();

    private void Create()
    {
        _errors.Clear();
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
            var silence = Silences.Create(matchers, duration, _createdBy, _comment);
            if (!Session.HasName)
            {
                Session.Name = _createdBy;
            }
            Dialog.Close(DialogResult.Ok(silence));
        }
        catch (SilenceValidationException e)
        {
            _errors[e.Field] = e.Message;
        }
    }
}
