using System.Globalization;
using Microsoft.Extensions.Options;

namespace HmsOps.Core.Audit;

/// <summary>Reading the audit log: section <c>Audit</c>. The log itself is kept whole (see <see cref="SqliteAuditLog"/>); these bound what one read returns.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Entries per page on the Audit page and the default of <c>GET /api/audit</c>.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>The largest <c>limit</c> <c>GET /api/audit</c> accepts.</summary>
    public int MaxPageSize { get; set; } = 500;

    /// <summary>
    /// Entries one export holds at most (its <c>limit</c> may ask for fewer). An export that reaches it ends there (oldest
    /// entries first) and says so in its <c>X-Audit-Truncated</c> header; narrow the time range to get the rest.
    /// </summary>
    public int MaxExportEntries { get; set; } = 100_000;
}

/// <summary>Checks <c>Audit</c>, naming every key that is wrong at once.</summary>
public sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions o)
    {
        var errors = new List<string>();
        const string s = AuditOptions.Section;
        if (o.MaxPageSize is < 1 or > 10_000)
        {
            errors.Add($"{s}:MaxPageSize must be from 1 to 10000");
        }
        if (o.PageSize < 1 || o.PageSize > Math.Max(1, o.MaxPageSize))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{s}:PageSize must be from 1 to {s}:MaxPageSize ({o.MaxPageSize})"));
        }
        if (o.MaxExportEntries is < 1 or > 10_000_000)
        {
            errors.Add($"{s}:MaxExportEntries must be from 1 to 10000000");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
