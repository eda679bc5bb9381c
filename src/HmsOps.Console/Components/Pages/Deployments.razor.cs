using HmsOps.Console.Components.Controls;
using HmsOps.Console.Components.Dialogs;
using HmsOps.Console.Components.Incidents;
using HmsOps.Console.Security;
using HmsOps.Core.Changes;
using HmsOps.Core.Deployments;
using HmsOps.Core.Incidents;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using HmsOps.Core.Radar;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Pages;

/// <summary>
/// What runs where, and the guarded changes to it: each service from the deployment provider with its version, image,
/// replicas, health (the radar's error-rate and p95 queries and limits), rollout or canary in flight and recent
/// history; below, the change requests with their state, people, expiry and canary step. Live: re-read on every
/// committed change (through <see cref="RenderThrottle"/>) and every few seconds for rollouts and health.
/// Engineers request rollbacks and canaries (<see cref="ChangeRequestDialog"/>) and ask to promote or abort a running canary;
/// leads other than the one who asked approve or reject either, and may break glass (<see cref="ChangeDecisionDialog"/>). Buttons follow the roles, but the dialogs re-check them on the
/// server and the change service enforces the rules (self-approval, expiry, one change in flight).
/// </summary>
public partial class Deployments : IDisposable
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private IReadOnlyList<ServiceView> _services = [];
    private IReadOnlyList<ChangeRow> _changes = [];
    private Dictionary<string, ChangeRecord> _changeById = new(StringComparer.Ordinal);
    private Dictionary<string, string> _incidentByChange = new(StringComparer.Ordinal);
    private bool _canRequest;
    private bool _isLead;
    private string? _me;
    private string? _providerError;
    private bool _loaded;
    private IDisposable? _subscription;
    private IDisposable? _incidentSubscription;

    [Inject] public required IDeploymentProvider Provider { get; init; }

    [Inject] public required ChangeService Changes { get; init; }

    [Inject] public required IMetricsSource Metrics { get; init; }

    [Inject] public required RadarOptions Radar { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required SignedInUser User { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required IncidentService Incidents { get; init; }

    /// <summary>A change linked from elsewhere (an incident's timeline): its row is highlighted.</summary>
    [SupplyParameterFromQuery(Name = "change")] public string? LinkedChange { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _me = (await User.ActorAsync())?.Name;
        _canRequest = await User.MayAsync(Policies.Engineer);
        _isLead = await User.MayAsync(Policies.Lead);
        await LoadAsync();
        if (!RendererInfo.IsInteractive)
        {
            return;
        }
        var throttle = new RenderThrottle(RenderInterval, Time, () => InvokeAsync(RefreshAndRenderAsync));
        _subscription = Changes.Subscribe(throttle.NotifyAsync);
        _incidentSubscription = Incidents.Subscribe(throttle.NotifyAsync);
        _ = KeepFreshAsync();
    }

    private async Task RefreshAndRenderAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task KeepFreshAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(RefreshInterval, Time);
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await InvokeAsync(RefreshAndRenderAsync);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between ticks.
        }
    }

    private async Task LoadAsync()
    {
        var now = Time.GetUtcNow();
        var listedChanges = Changes.List(limit: DeploymentsModel.MaxChanges);
        _changeById = listedChanges.ToDictionary(c => c.Id, StringComparer.Ordinal);
        _changes = listedChanges.Select(c => DeploymentsModel.Row(c, now)).ToArray();
        _incidentByChange = await IncidentLinks.LoadAsync(Incidents, i => i.ChangeIds);
        var listed = await Provider.ListServicesAsync(_stopping.Token);
        _loaded = true;
        if (!listed.IsOk)
        {
            _providerError = $"{Provider.Name} could not list services: {listed.Outcome}: {listed.Reason}";
            return;
        }
        _providerError = null;
        _services = await Task.WhenAll(listed.Value.OrderBy(s => s.Name, StringComparer.Ordinal).Select(ViewAsync));
    }

    /// <summary>The incident of the change in flight on a service, when it has one.</summary>
    private string? InFlightIncident(string service) =>
        _changeById.Values.FirstOrDefault(c => c.Service == service && c.State.IsInFlight()) is { } change
            ? _incidentByChange.GetValueOrDefault(change.Id)
            : null;

    private async Task<ServiceView> ViewAsync(ServiceDeployment service)
    {
        var history = await Provider.GetHistoryAsync(service.Name, _stopping.Token);
        var health = await HealthAsync(service.Name);
        return history.IsOk
            ? new ServiceView(service, history.Value.Take(DeploymentsModel.MaxRevisions).ToArray(), null, health)
            : new ServiceView(service, [], $"history unavailable: {history.Outcome}: {history.Reason}", health);
    }

    private async Task<ServiceHealth> HealthAsync(string service)
    {
        try
        {
            var now = Time.GetUtcNow();
            var errors = Number(await Metrics.QueryAsync(DeploymentsModel.ErrorRateQuery(Radar, service), now, _stopping.Token));
            var p95 = Number(await Metrics.QueryAsync(DeploymentsModel.P95Query(Radar, service), now, _stopping.Token));
            return DeploymentsModel.Health(Radar, service, errors, p95);
        }
        catch (MetricsSourceUnavailableException ex)
        {
            return ServiceHealth.Unknown($"metrics source unavailable: {ex.Message}");
        }
    }

    private static double? Number(QueryValue value)
    {
        double? number = value switch
        {
            ScalarResult scalar => scalar.Value,
            VectorResult { Samples.Count: > 0 } vector => vector.Samples[0].Value,
            _ => null,
        };
        return number is { } n && double.IsFinite(n) ? n : null;
    }

    private async Task RequestAsync(ServiceView view, ChangeKind kind)
    {
        var word = kind == ChangeKind.Canary ? "canary" : "rollback";
        // Checked here on the server whatever the page showed; the dialog checks again when it files the request.
        if (!await User.MayAsync(Policies.Engineer))
        {
            Snackbar.Add($"Requesting a {word} needs the engineer role", Severity.Error);
            return;
        }
        var current = view.Deployment.Version;
        // Newest first, so the default (the first) is the previous version.
        var versions = view.History.Select(r => r.Version).Where(v => v != current).Distinct(StringComparer.Ordinal).ToArray();
        var parameters = new DialogParameters<ChangeRequestDialog>
        {
            { x => x.Service, view.Deployment.Name },
            { x => x.Versions, versions },
            { x => x.Kind, kind },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var title = kind == ChangeKind.Canary ? $"Canary {view.Deployment.Name}" : $"Roll back {view.Deployment.Name}";
        var dialog = await Dialogs.ShowAsync<ChangeRequestDialog>(title, parameters, options);
        if (await dialog.Result is { Canceled: false, Data: ChangeRecord change })
        {
            Snackbar.Add($"Requested {change.Id}: a lead other than you must approve it", Severity.Success);
            await RefreshAndRenderAsync();
        }
    }

    private async Task DecideAsync(ChangeRecord change, ChangeDecisionMode mode)
    {
        var policy = mode.RequiredPolicy();
        if (!await User.MayAsync(policy))
        {
            Snackbar.Add($"This needs the {policy} role", Severity.Error);
            return;
        }
        var parameters = new DialogParameters<ChangeDecisionDialog> { { x => x.Change, change }, { x => x.Mode, mode } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        var title = mode.AsksAboutCanary() ? $"{mode} the canary {change.Id}" : $"{mode} {change.Id}";
        var dialog = await Dialogs.ShowAsync<ChangeDecisionDialog>(title, parameters, options);
        if (await dialog.Result is { Canceled: false, Data: ChangeRecord decided })
        {
            Snackbar.Add(decided.Canary?.Pending is { } pending && decided.State == ChangeState.CanaryRunning
                ? $"Asked to {pending.Decision.ToString().ToLowerInvariant()} {decided.Id}: a lead other than you must approve it"
                : $"{decided.Id} is now {decided.State.Text()}", Severity.Success);
            await RefreshAndRenderAsync();
        }
    }

    private static Color HealthColor(ServiceHealth health) =>
        health.OverThreshold ? Color.Error : health.ErrorRate is null && health.P95Seconds is null ? Color.Default : Color.Success;

    private static string HealthLabel(ServiceHealth health) =>
        health.OverThreshold ? "OVER THRESHOLD" : health.ErrorRate is null && health.P95Seconds is null ? "NO DATA" : "HEALTHY";

    private static Color StateColor(ChangeRow row) => row.State switch
    {
        "requested" => Color.Warning,
        "executing" or "canary" => Color.Info,
        "succeeded" or "promoted" => Color.Success,
        "failed" => Color.Error,
        _ => Color.Default,
    };

    public void Dispose()
    {
        _subscription?.Dispose();
        _incidentSubscription?.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed record ServiceView(ServiceDeployment Deployment, IReadOnlyList<DeploymentRevision> History, string? HistoryError, ServiceHealth Health);
}
