using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Matchers;
using HmsOps.Core.Alerting.Silences;
using HmsOps.Core.Notifications;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Alerting.Book;

public sealed class SilenceAndInhibitionTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_silence_mutes_matching_alerts_until_it_ends_or_expires()
    {
        var silences = new SilenceStore(_time, new SilenceOptions());
        var silence = silences.Create(MatcherParser.ParseAll(["service=\"ach-svc\"", "severity=~\"crit.*\""]), TimeSpan.FromHours(1), "ana", "rail maintenance");

        Assert.Single(silences.Matching(Labels("ACHLatencyHigh", "critical", "ach-svc")));
        Assert.Empty(silences.Matching(Labels("ACHLatencyHigh", "critical", "claims-api")));

        Assert.True(silences.Expire(silence.Id));
        Assert.Empty(silences.Matching(Labels("ACHLatencyHigh", "critical", "ach-svc")));
        Assert.False(silences.Expire(silence.Id));
    }

    [Fact]
    public void A_silence_ends_by_itself()
    {
        var silences = new SilenceStore(_time, new SilenceOptions());
        silences.Create(MatcherParser.ParseAll(["service=\"ach-svc\""]), TimeSpan.FromMinutes(30), "ana", "deploy");

        _time.Advance(TimeSpan.FromMinutes(30));

        Assert.Empty(silences.Matching(Labels("X", "critical", "ach-svc")));
    }

    [Theory]
    [InlineData("", "30", "ana", "why", "matchers")]
    [InlineData("service=~\".*\"", "30", "ana", "why", "matchers")]
    [InlineData("service=\"x\"", "0", "ana", "why", "duration")]
    [InlineData("service=\"x\"", "30", " ", "why", "createdBy")]
    [InlineData("service=\"x\"", "30", "ana", "", "comment")]
    public void Refuses_bad_silences_naming_the_field(string matcher, string minutes, string by, string comment, string field)
    {
        var silences = new SilenceStore(_time, new SilenceOptions());
        var matchers = matcher.Length == 0 ? [] : MatcherParser.ParseAll([matcher]);

        var error = Assert.Throws<SilenceValidationException>(() =>
            silences.Create(matchers, TimeSpan.FromMinutes(double.Parse(minutes, System.Globalization.CultureInfo.InvariantCulture)), by, comment));

        Assert.Equal(field, error.Field);
        Assert.Empty(silences.All());
    }

    [Fact]
    public void A_firing_critical_inhibits_the_warning_of_the_same_service_only()
    {
        var book = new AlertBook(_time, new AlertBookOptions());
        var critical = Alert("ServiceDown", "critical", "ach-svc", AlertState.Firing);
        var warning = Alert("ServiceLatencyP95High", "warning", "ach-svc", AlertState.Firing);
        var otherService = Alert("ServiceLatencyP95High", "warning", "claims-api", AlertState.Firing);
        book.ReplaceScope("s", [critical, warning, otherService]);
        var rule = InhibitionRule.From(new InhibitRuleOptions
        {
            SourceMatchers = ["severity=\"critical\""],
            TargetMatchers = ["severity=\"warning\""],
            Equal = ["service"],
        });
        var suppression = new AlertSuppression(book, new SilenceStore(_time, new SilenceOptions()), () => [rule]);

        Assert.Equal([critical.Fingerprint], suppression.For(warning).InhibitedBy);
        Assert.False(suppression.For(otherService).IsSuppressed);
        Assert.False(suppression.For(critical).IsSuppressed);
    }

    [Fact]
    public void A_resolved_source_inhibits_nothing()
    {
        var book = new AlertBook(_time, new AlertBookOptions());
        var critical = Alert("ServiceDown", "critical", "ach-svc", AlertState.Inactive) with { ResolvedAt = _time.GetUtcNow() };
        var warning = Alert("ServiceLatencyP95High", "warning", "ach-svc", AlertState.Firing);
        book.ReplaceScope("s", [critical, warning]);
        var rule = new InhibitionRule(MatcherParser.ParseAll(["severity=\"critical\""]), MatcherParser.ParseAll(["severity=\"warning\""]), ["service"]);

        var suppression = new AlertSuppression(book, new SilenceStore(_time, new SilenceOptions()), () => [rule]);

        Assert.False(suppression.For(warning).IsSuppressed);
    }

    [Fact]
    public void Security_events_are_never_muted()
    {
        var book = new AlertBook(_time, new AlertBookOptions());
        var silences = new SilenceStore(_time, new SilenceOptions());
        silences.Create(MatcherParser.ParseAll(["alertname=\"SecurityEvent\""]), TimeSpan.FromHours(1), "mallory", "noise");
        var security = Alert(AlertSuppression.SecurityEventAlertName, "critical", "claims-api", AlertState.Firing);
        book.ReplaceScope("s", [security]);

        var suppression = new AlertSuppression(book, silences, () => []);

        Assert.False(suppression.For(security).IsSuppressed);
    }

    private static LabelSet Labels(string name, string severity, string service) =>
        LabelSet.From(("alertname", name), ("severity", severity), ("service", service));

    private ConsoleAlert Alert(string name, string severity, string service, AlertState state)
    {
        var labels = Labels(name, severity, service);
        var now = _time.GetUtcNow();
        return new ConsoleAlert(AlertFingerprint.Of(labels), labels, LabelSet.Empty, state, 1, now, null, null, now, AlertOrigin.Rules, "test");
    }
}
