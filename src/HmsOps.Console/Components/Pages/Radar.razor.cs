using System.Globalization;
using HmsOps.Core.Radar;
using HmsOps.Console.Components.Controls;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Console.Components.Pages;

/// <summary>The live radar: every service's card, redrawn from the shared feed at most once per refresh interval.</summary>
public partial class Radar : IDisposable
{
    private IDisposable? _subscription;
    private long _version;

    [Inject] public required RadarFeed Feed { get; init; }

    [Inject] public required RadarOptions Options { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    private RadarSnapshot Snapshot { get; set; } = RadarSnapshot.Empty;

    private string UpdatedText => Snapshot.At == DateTimeOffset.MinValue
        ? "waiting for the first update"
        : string.Create(CultureInfo.InvariantCulture, $"updated {Snapshot.At:HH:mm:ss} UTC");

    protected override void OnInitialized()
    {
        Snapshot = Feed.Current;
        if (!RendererInfo.IsInteractive)
        {
            return;
        }
        var throttle = new RenderThrottle(Options.RefreshInterval, Time, () => InvokeAsync(() =>
        {
            Snapshot = Feed.Current;
            _version++;
            StateHasChanged();
        }));
        _subscription = Feed.Subscribe(throttle.NotifyAsync);
    }

    public void Dispose() => _subscription?.Dispose();
}
