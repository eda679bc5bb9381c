using Microsoft.Extensions.Options;

namespace HmsOps.Core.Notifications.Routing;

/// <summary>
/// After the <c>Notifications</c> section is bound, replaces its route, receivers and inhibit rules with those of
/// <c>Notifications:ConfigFile</c> when one is set (relative to the content root). A file that cannot be read or parsed
/// is remembered and reported by <see cref="NotificationsOptionsValidator"/>, so start-up stops with one message.
/// </summary>
public sealed class NotificationsOptionsSetup(string contentRoot) : IPostConfigureOptions<NotificationsOptions>
{
    /// <summary>The resolved path of the YAML file applied, or null when the appsettings section is used.</summary>
    public string? AppliedFile { get; private set; }

    public string? FileError { get; private set; }

    public void PostConfigure(string? name, NotificationsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConfigFile))
        {
            return;
        }
        AppliedFile = Path.GetFullPath(options.ConfigFile, contentRoot);
        try
        {
            AlertmanagerConfigFile.Apply(AppliedFile, options);
            FileError = null;
        }
        catch (FormatException e)
        {
            FileError = $"{NotificationsOptions.Section}:ConfigFile: {e.Message}";
        }
    }
}

/// <summary>Every routing configuration error at start-up, each naming its key (or the YAML file and its key).</summary>
public sealed class NotificationsOptionsValidator(NotificationsOptionsSetup setup) : IValidateOptions<NotificationsOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        if (setup.FileError is { } fileError)
        {
            return ValidateOptionsResult.Fail(fileError);
        }
        var errors = NotificationsConfigValidator.Validate(options, setup.AppliedFile);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
