using Microsoft.Extensions.Options;

namespace HmsOps.Core.Notifications.Dispatch;

/// <summary>Checks <c>Notifications:Dispatch</c>, naming each key.</summary>
public sealed class DispatchOptionsValidator : IValidateOptions<DispatchOptions>
{
    public ValidateOptionsResult Validate(string? name, DispatchOptions o)
    {
        var errors = new List<string>();
        if (o.Tick <= TimeSpan.Zero)
        {
            errors.Add($"{DispatchOptions.Section}:Tick must be more than 0");
        }
        if (o.LogRetention <= TimeSpan.Zero)
        {
            errors.Add($"{DispatchOptions.Section}:LogRetention must be more than 0");
        }
        if (o.MaxLogEntries < 1)
        {
            errors.Add($"{DispatchOptions.Section}:MaxLogEntries must be at least 1");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
