using Microsoft.Extensions.Options;

namespace HmsOps.Core.Changes;

/// <summary>Checks <c>Changes</c>, naming every key that is wrong at once.</summary>
public sealed class ChangesOptionsValidator : IValidateOptions<ChangesOptions>
{
    public ValidateOptionsResult Validate(string? name, ChangesOptions o)
    {
        var errors = new List<string>();
        const string s = ChangesOptions.Section;
        Positive(errors, $"{s}:ApprovalTtl", o.ApprovalTtl);
        Positive(errors, $"{s}:CanaryStepPause", o.CanaryStepPause);
        Positive(errors, $"{s}:AnalysisRetry", o.AnalysisRetry);
        Positive(errors, $"{s}:AnalysisWindow", o.AnalysisWindow);
        Positive(errors, $"{s}:Tick", o.Tick);
        var steps = o.EffectiveCanarySteps;
        if (steps.Any(p => p is < 1 or > 100))
        {
            errors.Add($"{s}:CanarySteps must be percentages from 1 to 100 (got {string.Join(", ", steps)})");
        }
        else if (steps.Zip(steps.Skip(1)).Any(pair => pair.Second <= pair.First))
        {
            errors.Add($"{s}:CanarySteps must rise strictly (got {string.Join(", ", steps)})");
        }
        else if (steps[^1] != 100)
        {
            errors.Add($"{s}:CanarySteps must end at 100, where the canary is promoted (got {string.Join(", ", steps)})");
        }
        if (o.MaxInconclusiveAnalyses < 1)
        {
            errors.Add($"{s}:MaxInconclusiveAnalyses must be at least 1");
        }
        if (o.MaxErrorRateIncrease is < 0 or >= 1 || double.IsNaN(o.MaxErrorRateIncrease))
        {
            errors.Add($"{s}:MaxErrorRateIncrease must be a fraction from 0 to below 1 (0.01 = one percentage point)");
        }
        if (!(o.MaxP95Ratio >= 1))
        {
            errors.Add($"{s}:MaxP95Ratio must be at least 1");
        }
        if (o.MinP95Increase < TimeSpan.Zero)
        {
            errors.Add($"{s}:MinP95Increase must not be negative");
        }
        if (!(o.MinRequestRate >= 0))
        {
            errors.Add($"{s}:MinRequestRate must not be negative");
        }
        if (o.MaxHistory < 1)
        {
            errors.Add($"{s}:MaxHistory must be at least 1");
        }
        if (o.MaxReasonLength < 10)
        {
            errors.Add($"{s}:MaxReasonLength must be at least 10");
        }
        if (o.MaxIdempotencyKeys < 1)
        {
            errors.Add($"{s}:MaxIdempotencyKeys must be at least 1");
        }
        Positive(errors, $"{s}:MitigationWindow", o.MitigationWindow);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be more than 0");
        }
    }
}
