using HmsOps.Console.Components.Controls;
using HmsOps.Console.Components.Dialogs;
using HmsOps.Console.Components.Incidents;
using HmsOps.Console.Security;
using HmsOps.Core.Incidents;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Pages;

/// <summary>
/// Every incident, newest first, narrowed by the filters in the URL query (state, severity, service, time range), each
/// with its SLA clocks running. Live: re-read when any incident changes and once a second while a clock runs.
/// Engineers open one by hand (<see cref="OpenIncidentDialog"/>); the button is hidden from others, and the service
/// refuses them anyway.
/// </summary>
public partial class Incidents : IDisposable
{
    private const string Any = "";

    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(500);

    // SLA clocks show seconds.
    private static readonly TimeSpan ClockInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private IncidentFilter _filter = IncidentFilter.All;
    private IReadOnlyList<(Incident Incident, IReadOnlyList<SlaTimer> Timers)> _rows = [];
    private IReadOnlySet<string> _seenServices = new HashSet<string>(StringComparer.Ordinal);
    private IDisposable? _subscription;
    private bool _canOpen;
    private bool _loaded;

    [Inject] public required IncidentService Service { get; init; }

    [Inject] public required SignedInUser User { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [SupplyParameterFromQuery(Name = IncidentFilter.StateKey)] public string? State { get; set; }

    [SupplyParameterFromQuery(Name = IncidentFilter.SeverityKey)] public string? Severity { get; set; }

    [SupplyParameterFromQuery(Name = IncidentFilter.ServiceKey)] public string? ServiceName { get; set; }

    [SupplyParameterFromQuery(Name = IncidentFilter.RangeKey)] public string? Range { get; set; }

    private IEnumerable<string> ServiceChoices =>
        _seenServices.Union(_filter.Service is { } s ? [s] : []).Order(StringComparer.Ordinal);

    protected override async Task OnInitializedAsync()
    {
        _canOpen = await User.MayAsync(Policies.Engineer);
        if (!RendererInfo.IsInteractive)
        {
            return;
        }
        var throttle = new RenderThrottle(RenderInterval, Time, () => InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
        _subscription = Service.Subscribe(throttle.NotifyAsync);
        _ = TickAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [IncidentFilter.StateKey] = State,
            [IncidentFilter.SeverityKey] = Severity,
            [IncidentFilter.ServiceKey] = ServiceName,
            [IncidentFilter.RangeKey] = Range,
        };
        _filter = IncidentFilter.FromQuery(key => query.GetValueOrDefault(key));
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var incidents = await Service.ListAsync(_filter.ToIncidentQuery(Time.GetUtcNow(), IncidentsView.ListLimit));
        _rows = incidents.Select(i => (i, Service.Timers(i))).ToArray();
        // The service choices grow with what has been seen, so narrowing to one service keeps the others on offer.
        _seenServices = _seenServices.Union(incidents.SelectMany(i => i.Services)).ToHashSet(StringComparer.Ordinal);
        _loaded = true;
    }

    // Re-asks the timers only (no store read): the clocks move while nothing else changes.
    private async Task TickAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(ClockInterval, Time);
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                if (_rows.Any(r => r.Timers.Any(t => t.Running)))
                {
                    await InvokeAsync(() =>
                    {
                        _rows = _rows.Select(r => (r.Incident, Service.Timers(r.Incident))).ToArray();
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

    private void SetFilter(IncidentFilter filter)
    {
        var parameters = filter.ToQuery().ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(parameters), replace: true);
    }

    private async Task OpenByHandAsync()
    {
        // Checked here on the server whatever the page showed; the dialog and the service check again.
        if (!await User.MayAsync(Policies.Engineer))
        {
            Snackbar.Add("Opening an incident needs the engineer role", MudBlazor.Severity.Error);
            return;
        }
        var parameters = new DialogParameters<OpenIncidentDialog> { { d => d.Services, ServiceChoices.ToArray() } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<OpenIncidentDialog>("Open an incident", parameters, options);
        if (await dialog.Result is { Canceled: false, Data: Incident opened })
        {
            Snackbar.Add($"Opened {opened.Id}", MudBlazor.Severity.Success);
            Navigation.NavigateTo(IncidentsView.DetailHref(opened.Id));
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
