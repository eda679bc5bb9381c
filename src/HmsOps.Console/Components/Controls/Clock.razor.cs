using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace HmsOps.Console.Components.Controls;

/// <summary>The app bar clock: UTC by default (what logs and alerts use), the browser's local time on click.</summary>
public partial class Clock : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private bool _utc = true;
    private TimeSpan? _browserOffset;

    [Inject] public required TimeProvider Time { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    private string Display
    {
        get
        {
            var now = Time.GetUtcNow();
            return _utc || _browserOffset is null
                ? now.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC"
                : now.ToOffset(_browserOffset.Value).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " local";
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive)
        {
            return;
        }
        var minutesBehindUtc = await JS.InvokeAsync<int>("hmsOps.clock.offsetMinutes");
        _browserOffset = TimeSpan.FromMinutes(-minutesBehindUtc);
        _ = TickAsync();
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // The component went away.
        }
    }

    private void Toggle() => _utc = !_utc;

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
