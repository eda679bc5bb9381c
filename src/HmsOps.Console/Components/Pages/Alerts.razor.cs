using System.Text.Json;
using HmsOps.Console.Security;
using HmsOps.Console.Components.Controls;
using HmsOps.Console.Components.Dialogs;
using HmsOps.Console.Components.Incidents;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.AlertList;
using HmsOps.Core.Alerting.Silences;
using HmsOps.Core.Audit;
using HmsOps.Core.Incidents;
using HmsOps.Core.Security;
using HmsOps.Core.Runbooks;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Pages;

/// <summary>
/// The on-call's main view beside the radar: every alert the book holds, filtered by the URL query, grouped by
/// severity then service, with acknowledge, silence, and the alert's runbook opened beside it
/// (<c>?alert=&lt;fingerprint&gt;&amp;runbook=&lt;name&gt;</c>, so a link reopens the same view).
/// </summary>
public partial class Alerts : IDisposable
{
    public const string AlertKey = "alert";
    public const string RunbookKey = "runbook";

    /// <summary>An alert linked from elsewhere (an incident's timeline): highlighted like an open one, without a runbook.</summary>
    public const string FingerprintKey = "fingerprint";

    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(500);

    // "since 3m ago" must move even when no alert changes.
    private static readonly TimeSpan ClockInterval = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IDisposable> _subscriptions = [];
    private AlertFilter _filter = AlertFilter.All;
    private AlertListModel _model = new([], 0, 0, []);
    private Runbook? _openRunbook;
    private string? _openRunbookMissing;
    private Dictionary<string, string> _incidentByAlert = new(StringComparer.Ordinal);
    private Actor? _actor;
    private bool _canAct;

    [Inject] public required AlertBook Book { get; init; }

    [Inject] public required SilenceStore Silences { get; init; }

    [Inject] public required IAlertSuppression Suppression { get; init; }

    [Inject] public required RunbookLibrary Runbooks { get; init; }

    [Inject] public required IncidentService Incidents { get; init; }

    [Inject] public required SignedInUser User { get; init; }

    [Inject] public required IAuditLog Audit { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [SupplyParameterFromQuery(Name = AlertFilter.StateKey)] public string? State { get; set; }

    [SupplyParameterFromQuery(Name = AlertFilter.SeverityKey)] public string? Severity { get; set; }

    [SupplyParameterFromQuery(Name = AlertFilter.ServiceKey)] public string? Service { get; set; }

    [SupplyParameterFromQuery(Name = AlertFilter.AckKey)] public string? Ack { get; set; }

    [SupplyParameterFromQuery(Name = AlertFilter.SilencedKey)] public string? Silenced { get; set; }

    [SupplyParameterFromQuery(Name = AlertFilter.SearchKey)] public string? Q { get; set; }

    /// <summary>The fingerprint of the alert whose runbook is open beside the list.</summary>
    [SupplyParameterFromQuery(Name = AlertKey)] public string? OpenAlert { get; set; }

    [SupplyParameterFromQuery(Name = FingerprintKey)] public string? LinkedAlert { get; set; }

    /// <summary>The name of the runbook open beside the list.</summary>
    [SupplyParameterFromQuery(Name = RunbookKey)] public string? OpenRunbookName { get; set; }

    private IEnumerable<string> ServiceChoices => _model.Services.Union(_filter.Services).Order(StringComparer.Ordinal);

    private string PageUriWithoutFragment
    {
        get
        {
            var relative = Navigation.ToBaseRelativePath(Navigation.Uri);
            var hash = relative.IndexOf('#', StringComparison.Ordinal);
            return hash < 0 ? relative : relative[..hash];
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _actor = await User.ActorAsync();
        _canAct = await User.MayAsync(Policies.OnCall);
        await LoadIncidentLinksAsync();
        if (!RendererInfo.IsInteractive)
        {
            return;
        }
        var throttle = new RenderThrottle(RenderInterval, Time, () => InvokeAsync(() =>
        {
            Rebuild();
            StateHasChanged();
        }));
        _subscriptions.Add(Book.Subscribe(throttle.NotifyAsync));
        _subscriptions.Add(Silences.Subscribe(throttle.NotifyAsync));
        _subscriptions.Add(Runbooks.Subscribe(throttle.NotifyAsync));
        // Collectors write to incidents every few seconds: the links are re-read at most once per interval too.
        var incidentLinks = new RenderThrottle(RenderInterval, Time, async () =>
        {
            await LoadIncidentLinksAsync();
            await throttle.NotifyAsync();
        });
        _subscriptions.Add(Incidents.Subscribe(incidentLinks.NotifyAsync));
        _ = TickAsync(throttle);
    }

    protected override void OnParametersSet()
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [AlertFilter.StateKey] = State,
            [AlertFilter.SeverityKey] = Severity,
            [AlertFilter.ServiceKey] = Service,
            [AlertFilter.AckKey] = Ack,
            [AlertFilter.SilencedKey] = Silenced,
            [AlertFilter.SearchKey] = Q,
        };
        _filter = AlertFilter.FromQuery(key => query.GetValueOrDefault(key));
        Rebuild();
    }

    private void Rebuild()
    {
        var catalog = Runbooks.Catalog;
        _model = AlertListModel.Create(Book.Snapshot(), _filter, Time.GetUtcNow(), Suppression.For, catalog.Resolve);
        _openRunbook = string.IsNullOrEmpty(OpenRunbookName) ? null : catalog.FindByName(OpenRunbookName);
        _openRunbookMissing = !string.IsNullOrEmpty(OpenRunbookName) && _openRunbook is null
            ? $"No runbook named '{OpenRunbookName}' in {catalog.FolderName}/ (renamed or removed since the link was made)."
            : null;
    }

    private async Task LoadIncidentLinksAsync() =>
        _incidentByAlert = await IncidentLinks.LoadAsync(Incidents, i => i.AlertFingerprints);

    private async Task TickAsync(RenderThrottle throttle)
    {
        try
        {
            using var timer = new PeriodicTimer(ClockInterval, Time);
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await throttle.NotifyAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }

    private void SetFilter(AlertFilter filter) => NavigateWith(filter.ToQuery());

    private void NavigateWith(IReadOnlyDictionary<string, string?> changes)
    {
        var parameters = changes.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(parameters), replace: true);
    }

    private static IReadOnlySet<string> ToSet(IEnumerable<string>? values) =>
        new HashSet<string>(values ?? [], StringComparer.Ordinal);

    private async Task AcknowledgeAsync(AlertRow row)
    {
        // Checked here on the server whatever the page showed: a forged click from a viewer changes nothing.
        if (await User.ActorAsync() is not { } actor || !await User.MayAsync(Policies.OnCall))
        {
            Snackbar.Add("Acknowledging needs the oncall role", MudBlazor.Severity.Error);
            return;
        }
        if (!Book.Acknowledge(row.Fingerprint, actor.Name))
        {
            Snackbar.Add($"{row.Name} is no longer in the alert book", MudBlazor.Severity.Warning);
        }
        else
        {
            Audit.Append(new AuditDraft(actor.Name, AuditActions.AlertAcknowledged, "alert:" + row.Fingerprint,
                JsonSerializer.Serialize(new { alert = row.Name, service = row.Alert.Labels.Get("service") })));
        }
        Rebuild();
    }

    private async Task SilenceAsync(AlertRow row)
    {
        if (!await User.MayAsync(Policies.OnCall))
        {
            Snackbar.Add("Silencing needs the oncall role", MudBlazor.Severity.Error);
            return;
        }
        var parameters = new DialogParameters<SilenceDialog> { { d => d.Alert, row.Alert } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<SilenceDialog>($"Silence {row.Name}", parameters, options);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: Silence silence })
        {
            Snackbar.Add($"Silenced {silence.MatchersText} until {silence.EndsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC", MudBlazor.Severity.Success);
            Rebuild();
        }
    }

    private void OpenRunbook(AlertRow row)
    {
        if (row.Runbook is not RunbookResolution.Local local)
        {
            return;
        }
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [AlertKey] = row.Fingerprint,
            [RunbookKey] = local.Runbook.Name,
        };
        var uri = Navigation.GetUriWithQueryParameters(parameters);
        Navigation.NavigateTo(local.Anchor is { Length: > 0 } anchor ? uri + "#" + Uri.EscapeDataString(anchor) : uri);
    }

    private void CloseRunbook() =>
        NavigateWith(new Dictionary<string, string?>(StringComparer.Ordinal) { [AlertKey] = null, [RunbookKey] = null });

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }
}
