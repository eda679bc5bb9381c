using HmsOps.Core.Demo;
using HmsOps.Core.Deployments;
using HmsOps.Core.Ingest;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Deployments;

/// <summary>A demo fleet on a fake clock: its state, provider, fault switch, and one tick of traffic on demand.</summary>
internal sealed class DemoFleetHarness
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public DemoFleetHarness(DemoOptions? demo = null, DeploymentOptions? deployments = null, string? statePath = null)
    {
        Demo = demo ?? new DemoOptions { RolloutDuration = TimeSpan.FromSeconds(10) };
        Options = deployments ?? new DeploymentOptions { PollInterval = TimeSpan.FromSeconds(1), RolloutTimeout = TimeSpan.FromMinutes(5) };
        State = new DemoFleetState(Demo, statePath is null ? null : new DemoFleetStore(statePath), Time);
        _clock = new TimerCountingClock(Time);
        Provider = new DemoFleetProvider(State, Demo, Options, _clock);
        Faults = new FaultSwitch(Time, State);
    }

    private readonly TimerCountingClock _clock;

    public FakeTimeProvider Time { get; } = new(Start);
    public DemoOptions Demo { get; }
    public DeploymentOptions Options { get; }
    public DemoFleetState State { get; }
    public DemoFleetProvider Provider { get; }
    public FaultSwitch Faults { get; }

    /// <summary>One tick of the fleet's traffic at the given rate, with the fleet's current versions and faults.</summary>
    public IReadOnlyList<MetricEvent> Traffic(int seed, double requestsPerSecond = 200)
    {
        var options = new DemoOptions { RequestsPerSecond = requestsPerSecond, TraceSampleRate = 0, Fleet = Demo.Fleet };
        var now = Time.GetUtcNow();
        var body = new DemoTraffic(options, new Random(seed), State.Split).Generate(now, TimeSpan.FromSeconds(1), Faults.For);
        var parsed = new IngestParser(new IngestLimits { MaxEventsPerRequest = 1_000_000 }).Parse(body, IngestFormat.NdJson, now);
        Assert.True(parsed.Succeeded, string.Join(" | ", parsed.Errors));
        return parsed.Events.OfType<MetricEvent>().ToArray();
    }

    /// <summary>
    /// Runs a provider call that waits on the clock, moving the fake clock on until it returns (wall-clock deadline).
    /// The clock moves only while the provider waits on one of its timers (or after a quiet moment, for calls that do
    /// not poll): moving it freely could jump a loaded thread pool past a whole rollout between two polls.
    /// </summary>
    public async Task<T> WithClockAsync<T>(Func<Task<T>> call, TimeSpan? step = null)
    {
        var task = call();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var quietSince = DateTime.UtcNow;
        while (!task.IsCompleted)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the provider call did not return while the clock moved on");
            }
            if (_clock.SomeoneWaits || DateTime.UtcNow - quietSince > TimeSpan.FromMilliseconds(500))
            {
                quietSince = DateTime.UtcNow;
                Time.Advance(step ?? TimeSpan.FromSeconds(1));
            }
            await Task.Yield();
        }
        return await task;
    }

    public static IEnumerable<MetricEvent> Requests(IEnumerable<MetricEvent> metrics, string service, string name = "hms_http_request_duration_seconds") =>
        metrics.Where(m => m.Name == name && m.Labels.Get("service") == service);
}
