using HmsOps.Console.Components.Controls;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Components.Tests.Controls;

public sealed class RenderThrottleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Only so that a broken throttle fails the test instead of hanging it.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(RadarSamples.Start);
    private readonly List<int> _rendered = [];
    private int _latest;

    [Fact]
    public async Task A_burst_renders_once_at_once_and_once_more_with_the_newest_state_after_the_interval()
    {
        var throttle = new RenderThrottle(Interval, _time, RenderLatest);

        var notifications = new List<Task>();
        for (var update = 1; update <= 20; update++)
        {
            _latest = update;
            notifications.Add(throttle.NotifyAsync());
        }

        Assert.Equal([1], _rendered);
        _time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal([1], _rendered);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAll(notifications).WaitAsync(Deadline);

        Assert.Equal([1, 20], _rendered);
    }

    [Fact]
    public async Task Notifications_an_interval_apart_each_render_at_once()
    {
        var throttle = new RenderThrottle(Interval, _time, RenderLatest);

        for (var update = 1; update <= 3; update++)
        {
            _latest = update;
            await throttle.NotifyAsync().WaitAsync(Deadline);
            _time.Advance(Interval);
        }

        Assert.Equal([1, 2, 3], _rendered);
    }

    [Fact]
    public async Task Notifications_during_a_slow_render_lead_to_exactly_one_trailing_render()
    {
        var renderStarted = new TaskCompletionSource();
        var finishRender = new TaskCompletionSource();
        var throttle = new RenderThrottle(Interval, _time, async () =>
        {
            _rendered.Add(_latest);
            if (_rendered.Count == 1)
            {
                renderStarted.SetResult();
                await finishRender.Task;
            }
        });

        _latest = 1;
        var first = throttle.NotifyAsync();
        await renderStarted.Task.WaitAsync(Deadline);
        _latest = 2;
        var duringRender = throttle.NotifyAsync();
        finishRender.SetResult();
        await first.WaitAsync(Deadline);
        _latest = 3;
        var afterRender = throttle.NotifyAsync();

        _time.Advance(Interval);
        await Task.WhenAll(duringRender, afterRender).WaitAsync(Deadline);

        Assert.Equal([1, 3], _rendered);
    }

    private Task RenderLatest()
    {
        _rendered.Add(_latest);
        return Task.CompletedTask;
    }
}
