using System.Globalization;
using System.Text.Json;
using HmsOps.Console.Components.Controls;
using HmsOps.Console.Security;
using HmsOps.Core.Alerting.Silences;
using HmsOps.Core.Audit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Pages;

/// <summary>Every silence kept (active, pending, expired), live, with an expire button.</summary>
public partial class Silences : IDisposable
{
    private IReadOnlyList<Silence> _silences = [];
    private IDisposable? _subscription;
    private bool _canAct;

    [Inject] public required SilenceStore Store { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required SignedInUser User { get; init; }

    [Inject] public required IAuditLog Audit { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _canAct = await User.MayAsync(Policies.OnCall);
        _silences = Store.All();
        if (RendererInfo.IsInteractive)
        {
            var throttle = new RenderThrottle(TimeSpan.FromMilliseconds(500), Time, () => InvokeAsync(() =>
            {
                _silences = Store.All();
                StateHasChanged();
            }));
            _subscription = Store.Subscribe(throttle.NotifyAsync);
        }
    }

    private string StatusOf(Silence silence)
    {
        var now = Time.GetUtcNow();
        return silence.IsActiveAt(now) ? "active" : silence.IsPendingAt(now) ? "pending" : "expired";
    }

    private static Color ColorOf(string status) => status switch
    {
        "active" => Color.Secondary,
        "pending" => Color.Info,
        _ => Color.Default,
    };

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private async Task ExpireAsync(Silence silence)
    {
        if (await User.ActorAsync() is not { } actor || !await User.MayAsync(Policies.OnCall))
        {
            Snackbar.Add("Expiring a silence needs the oncall role", Severity.Error);
            return;
        }
        Store.Expire(silence.Id);
        Audit.Append(new AuditDraft(actor.Name, AuditActions.SilenceExpired, "silence:" + silence.Id,
            JsonSerializer.Serialize(new { matchers = silence.MatchersText })));
        _silences = Store.All();
    }

    public void Dispose() => _subscription?.Dispose();
}
