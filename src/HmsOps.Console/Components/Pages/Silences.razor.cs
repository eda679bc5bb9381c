using System.Globalization;
using HmsOps.Console.Components.Controls;
using HmsOps.Core.Alerting.Silences;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HmsOps.Console.Components.Pages;

/// <summary>Every silence kept (active, pending, expired), live, with an expire button.</summary>
public partial class Silences : IDisposable
{
    private IReadOnlyList<Silence> _silences = [];
    private IDisposable? _subscription;

    [Inject] public required SilenceStore Store { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    protected override void OnInitialized()
    {
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

    private void Expire(Silence silence)
    {
        Store.Expire(silence.Id);
        _silences = Store.All();
    }

    public void Dispose() => _subscription?.Dispose();
}
