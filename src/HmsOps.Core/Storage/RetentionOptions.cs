using Microsoft.Extensions.Options;

namespace HmsOps.Core.Storage;

/// <summary>
/// How long logs and spans stay in the hot store (SQLite). Section <c>Retention</c>. Older rows go to the archive
/// when <c>Archive:Enabled</c>, otherwise they are deleted. The row caps (<c>Storage:MaxLogRows</c>,
/// <c>Storage:MaxSpanRows</c>) stay the last-resort bound either way.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Default 30. <c>Storage:HotDays</c>, the older name, is still read when this key is absent.</summary>
    public int HotDays { get; set; } = 30;

    /// <summary>Where the hot window starts at <paramref name="now"/>: rows before it are archived or deleted.</summary>
    public long CutoffMs(DateTimeOffset now) => now.AddDays(-HotDays).ToUnixTimeMilliseconds();
}

public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
        options.HotDays is < 1 or > 3650
            ? ValidateOptionsResult.Fail("Retention:HotDays must be between 1 and 3650")
            : ValidateOptionsResult.Success;
}
