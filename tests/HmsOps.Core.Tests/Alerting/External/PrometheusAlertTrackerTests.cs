using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.External;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Alerting.External;

public sealed class PrometheusAlertTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static ConsoleAlert Alert(string name, AlertState state = AlertState.Firing)
    {
        var labels = LabelSet.From(("alertname", name));
        return new ConsoleAlert(AlertFingerprint.Of(labels), labels, LabelSet.Empty, state, 1, T0, null, null, T0, AlertOrigin.Prometheus, "p");
    }

    [Fact]
    public void An_alert_that_vanishes_from_the_poll_is_reported_resolved_once()
    {
        var tracker = new PrometheusAlertTracker();
        tracker.Polled([Alert("A"), Alert("B")], T0);

        var second = tracker.Polled([Alert("A")], T0.AddSeconds(15));
        var third = tracker.Polled([Alert("A")], T0.AddSeconds(30));

        var resolved = Assert.Single(second, a => a.IsResolved);
        Assert.Equal("B", resolved.Name);
        Assert.Equal(T0.AddSeconds(15), resolved.ResolvedAt);
        Assert.DoesNotContain(third, a => a.IsResolved);
        Assert.Equal(1, tracker.Listed);
    }

    [Fact]
    public void A_listed_alert_is_reported_once_even_when_listed_twice()
    {
        var tracker = new PrometheusAlertTracker();

        var report = tracker.Polled([Alert("A"), Alert("A")], T0);

        Assert.Single(report);
    }
}
