using HmsOps.Core.Incidents;

namespace HmsOps.Core.Tests.Incidents;

public sealed class IncidentsOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new IncidentsOptionsValidator().Validate(null, new IncidentsOptions()).Succeeded);
    }

    [Fact]
    public void Every_bad_key_is_named_at_once()
    {
        var result = new IncidentsOptionsValidator().Validate(null, new IncidentsOptions
        {
            OpenAtSeverity = "sev1",
            AcknowledgeTarget = TimeSpan.Zero,
            AutoResolveAfter = TimeSpan.FromMinutes(-1),
            SloTarget = 1,
            MaxTimelineEntries = 0,
            SpikeFactor = 0.5,
        });

        Assert.True(result.Failed);
        foreach (var key in new[] { "Incidents:OpenAtSeverity", "Incidents:AcknowledgeTarget", "Incidents:AutoResolveAfter", "Incidents:SloTarget",
            "Incidents:MaxTimelineEntries", "Incidents:SpikeFactor" })
        {
            Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
