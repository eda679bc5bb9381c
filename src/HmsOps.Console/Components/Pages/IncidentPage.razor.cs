using HmsOps.Console.Components.Controls;
using HmsOps.Console.Components.Incidents;
using HmsOps.Console.Security;
using HmsOps.Core.Incidents;
using HmsOps.Core.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Pages;

/// <summary>
/// One incident: state, severity, commander, SLA clocks ticking, the alerts, changes and traces linked to it, its
/// timeline growing live as entries are stored, a note box, and the postmortem tab. Actions follow the roles (oncall
/// acknowledges, mitigates, resolves, names the commander and writes notes; engineers edit the postmortem), and every
/// one is checked again by the <see cref="IncidentService"/>, whose refusal is shown as it says it.
/// </summary>
public partial class IncidentPage : IDisposable
{
    public const string TabKey = "tab";
    public const string PostmortemTab = "postmortem";

    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ClockInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TimelineEntry> _entries = [];
    private long _lastSequence;
    private Incident? _incident;
    private IReadOnlyList<SlaTimer> _timers = [];
    private IReadOnlyList<(string Fingerprint, string Text, bool Active)> _alerts = [];
    private IReadOnlyList<(string Id, string Text)> _changes = [];
    private IReadOnlyList<(string Id, string Text)> _traces = [];
    private List<BreadcrumbItem> _breadcrumbs = [];
    private PostmortemPanel? _postmortem;
    private IDisposable? _subscription;
    private Actor? _actor;
    private bool _canAct;
    private bool _canEdit;
    private bool _loaded;
    private int _tab;
    private string _note = "";
    private string? _noteError;
    private string _commanderDraft = "";

    [Inject] public required IncidentService Incidents { get; init; }

    [Inject] public required SignedInUser User { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Parameter] public required string Id { get; set; }

    /// <summary><c>?tab=postmortem</c> opens the postmortem first (links from the list and the exports).</summary>
    [SupplyParameterFromQuery(Name = TabKey)] public string? Tab { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _actor = await User.ActorAsync();
        _canAct = await User.MayAsync(Policies.OnCall);
        _canEdit = await User.MayAsync(Policies.Engineer);
        _tab = string.Equals(Tab, PostmortemTab, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        if (!RendererInfo.IsInteractive)
        {
            return;
        }
        var throttle = new RenderThrottle(RenderInterval, Time, () => InvokeAsync(async () =>
        {
            await LoadAsync();
            if (_postmortem is not null)
            {
                await _postmortem.RefreshAsync();
            }
            StateHasChanged();
        }));
        _subscription = Incidents.Subscribe(throttle.NotifyAsync);
        _ = TickAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_incident is not null && _incident.Id != Id)
        {
            _entries.Clear();
            _lastSequence = 0;
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _incident = await Incidents.GetAsync(Id);
        _loaded = true;
        _breadcrumbs = [new BreadcrumbItem("Incidents", "incidents"), new BreadcrumbItem(_incident?.Id ?? Id, null, disabled: true)];
        if (_incident is null)
        {
            return;
        }
        // Only what was stored since the last read: the timeline may be long, and entries never change once stored.
        _entries.AddRange(await Incidents.TimelineAsync(Id, _lastSequence));
        if (_entries.Count > 0)
        {
            _lastSequence = Math.Max(_lastSequence, _entries.Max(e => e.Sequence));
        }
        // Shown in time order, as the postmortem has it: collectors record some things after the fact (a trace that
        // began before the incident opened), so recording order is not always the order things happened.
        _entries.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Sequence.CompareTo(b.Sequence));
        _timers = Incidents.Timers(_incident);
        _alerts = _incident.AlertFingerprints
            .Select(f => (f, LastText(TimelineSource.Alert, f) ?? f, _incident.ActiveAlerts.Contains(f, StringComparer.Ordinal)))
            .ToArray();
        _changes = _incident.ChangeIds.Select(c => (c, LastText(TimelineSource.Change, c) ?? "")).ToArray();
        _traces = _entries.Where(e => e.Source == TimelineSource.Traces && e.Ref is { Length: > 0 })
            .DistinctBy(e => e.Ref, StringComparer.Ordinal)
            .Select(e => (e.Ref!, e.Text))
            .ToArray();
    }

    // The newest entry about an alert or change says what it is and where it got to ("ACHLatencyHigh on ach-svc resolved").
    private string? LastText(TimelineSource source, string reference) =>
        _entries.LastOrDefault(e => e.Source == source && e.Ref == reference)?.Text;

    private async Task TickAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(ClockInterval, Time);
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                if (_incident is { } incident && _timers.Any(t => t.Running))
                {
                    await InvokeAsync(() =>
                    {
                        _timers = Incidents.Timers(incident);
                        StateHasChanged();
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between ticks.
        }
    }

    private Task AcknowledgeAsync() => ActAsync((id, actor) => Incidents.AcknowledgeAsync(id, actor), "acknowledged");

    private Task MitigateAsync() => ActAsync((id, actor) => Incidents.MitigateAsync(id, actor), "marked mitigated");

    private Task ResolveAsync() => ActAsync((id, actor) => Incidents.ResolveAsync(id, actor), "resolved");

    private Task SetCommanderAsync() =>
        ActAsync((id, actor) => Incidents.SetCommanderAsync(id, actor, _commanderDraft), "given a commander");

    private async Task AddNoteAsync()
    {
        _noteError = null;
        await ActAsync(async (id, actor) =>
        {
            var result = await Incidents.AddNoteAsync(id, actor, _note);
            if (result.IsOk)
            {
                _note = "";
            }
            else if (result.Field == "text")
            {
                _noteError = result.Message;
            }
            return result;
        }, null);
    }

    private async Task ActAsync(Func<string, Actor, Task<IncidentResult>> act, string? done)
    {
        // Checked here on the server whatever the page showed; the service checks the role once more.
        if (await User.ActorAsync() is not { } actor || !await User.MayAsync(Policies.OnCall))
        {
            Snackbar.Add("This needs the oncall role", Severity.Error);
            return;
        }
        var result = await act(Id, actor);
        if (!result.IsOk)
        {
            Snackbar.Add(result.Message ?? result.Outcome.ToString(), Severity.Error);
        }
        else if (done is not null)
        {
            Snackbar.Add($"{Id} {done}", Severity.Success);
        }
        await LoadAsync();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
