using HmsOps.Core.Alerting;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Alerting.Book;

public sealed class AlertFingerprintTests
{
    // Expected values read from a real Alertmanager 0.25 (/api/v2/alerts) for the same label sets.
    [Theory]
    [InlineData("84afec6c01399094", "alertname", "ACHLatencyHigh", "service", "ach-svc", "severity", "critical")]
    [InlineData("2e125180cfd84467", "alertname", "Ünïcode", "a", "bÿ")]
    public void Matches_alertmanager(string expected, params string[] pairs)
    {
        var labels = LabelSet.From(pairs.Chunk(2).Select(p => KeyValuePair.Create(p[0], p[1])));

        Assert.Equal(expected, AlertFingerprint.Of(labels));
    }

    [Fact]
    public void Label_order_does_not_matter_but_values_do()
    {
        var a = LabelSet.From(("x", "1"), ("y", "2"));
        var b = LabelSet.From(("y", "2"), ("x", "1"));
        var c = LabelSet.From(("x", "1"), ("y", "3"));

        Assert.Equal(AlertFingerprint.Of(a), AlertFingerprint.Of(b));
        Assert.NotEqual(AlertFingerprint.Of(a), AlertFingerprint.Of(c));
    }
}
