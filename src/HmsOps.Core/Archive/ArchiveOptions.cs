using Microsoft.Extensions.Options;

namespace HmsOps.Core.Archive;

/// <summary>
/// The nightly archive of logs and spans older than the hot window (<c>Retention:HotDays</c>). Section <c>Archive</c>.
/// The archive's size is the operator's to bound (it is the data lake: rotate or expire it there).
/// </summary>
public sealed class ArchiveOptions
{
    public const string Section = "Archive";

    /// <summary>When false, rows older than the hot window are deleted instead (the retention job does it every minute).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Empty means <c>archive</c> under <c>Storage:DataPath</c>; a relative path is resolved against the content root.</summary>
    public string Path { get; set; } = "";

    /// <summary>Time of day, UTC, of the nightly run.</summary>
    public TimeSpan RunAt { get; set; } = TimeSpan.FromHours(2);
}

public sealed class ArchiveOptionsValidator : IValidateOptions<ArchiveOptions>
{
    public ValidateOptionsResult Validate(string? name, ArchiveOptions options)
    {
        var errors = new List<string>();
        if (options.RunAt < TimeSpan.Zero || options.RunAt >= TimeSpan.FromDays(1))
        {
            errors.Add("Archive:RunAt must be a time of day between 00:00:00 and 23:59:59 (UTC)");
        }
        if (options.Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add("Archive:Path contains characters that are not allowed in a path");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
