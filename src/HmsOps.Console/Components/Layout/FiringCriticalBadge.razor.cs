using HmsOps.Console.Components.Controls;
using HmsOps.Core.Alerting;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Console.Components.Layout;

public partial class FiringCriticalBadge : IDisposable
{
    public const string Href = "alerts?state=firing&severity=critical";

    private int _count;
    private IDisposable? _subscription;
    private RenderThrottle? _throttle;

    [Inject] public required AlertBook Book { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    private string CountClass => "firing-critical-count" + (_count > 0 ? " firing" : "");

    private string Text => _count == 1 ? "1 critical alert firing" : $"{_count} critical alerts firing";

    protected override void OnInitialized()
    {
        _count = Book.FiringCriticalCount;
        if (!RendererInfo.IsInteractive)
        {
            return;
        }
        _throttle = new RenderThrottle(TimeSpan.FromMilliseconds(500), Time, () => InvokeAsync(() =>
        {
            var count = Book.FiringCriticalCount;
            if (count != _count)
            {
                _count = count;
                StateHasChanged();
            }
        }));
        _subscription = Book.Subscribe(_throttle.NotifyAsync);
    }

    public void Dispose() => _subscription?.Dispose();
}
