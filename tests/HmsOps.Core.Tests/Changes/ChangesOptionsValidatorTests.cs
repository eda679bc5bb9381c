using HmsOps.Core.Changes;

namespace HmsOps.Core.Tests.Changes;

public sealed class ChangesOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new ChangesOptionsValidator().Validate(null, new ChangesOptions()).Succeeded);
        Assert.Equal([5, 25, 50, 100], new ChangesOptions().EffectiveCanarySteps);
    }

    [Fact]
    public void Every_wrong_key_is_named_at_once()
    {
        var options = new ChangesOptions
        {
            ApprovalTtl = TimeSpan.Zero,
            CanaryStepPause = TimeSpan.FromSeconds(-1),
            CanarySteps = [50, 25, 100],
            MaxInconclusiveAnalyses = 0,
            MaxErrorRateIncrease = 2,
            MaxP95Ratio = 0.5,
            MaxHistory = 0,
        };

        var result = new ChangesOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        foreach (var key in new[] { "ApprovalTtl", "CanaryStepPause", "CanarySteps must rise", "MaxInconclusiveAnalyses", "MaxErrorRateIncrease", "MaxP95Ratio", "MaxHistory" })
        {
            Assert.Contains(failures, f => f.Contains("Changes:" + key, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(new[] { 5, 50 }, "must end at 100")]
    [InlineData(new[] { 0, 100 }, "from 1 to 100")]
    public void Canary_steps_must_be_rising_percentages_ending_at_100(int[] steps, string message)
    {
        var result = new ChangesOptionsValidator().Validate(null, new ChangesOptions { CanarySteps = [.. steps] });

        Assert.Contains(result.Failures!, f => f.Contains(message, StringComparison.Ordinal));
    }
}
