using System.Globalization;
using System.Reflection;
using HmsOps.Console.Audit;
using HmsOps.Core.Audit;

namespace HmsOps.Console.Components.Pages;

/// <summary>The Audit page's words, times and links, without a browser.</summary>
public static class AuditLogModel
{
    /// <summary>The time format the filters read and the table shows (UTC, to the second).</summary>
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>Every action the console records, for the action filter (the constants of <see cref="AuditActions"/>).</summary>
    public static IReadOnlyList<string> Actions { get; } = typeof(AuditActions)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>A filter time typed as UTC ("2026-12-06 02:00" or with seconds, or RFC 3339); empty means no bound.</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        string[] formats = [TimeFormat, "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];
        if (DateTime.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
        {
            at = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
            return true;
        }
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            at = parsed;
            return true;
        }
        return false;
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The first 12 hex characters: enough to compare two entries by eye; the export carries the whole hash.</summary>
    public static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    /// <summary>The export link for the filter's time range (exports keep every entry of the range, see <see cref="AuditEndpoints"/>).</summary>
    public static string ExportHref(string extension, AuditFilter filter)
    {
        var query = new List<string>();
        if (filter.From is { } from)
        {
            query.Add("from=" + Uri.EscapeDataString(from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        }
        if (filter.To is { } to)
        {
            query.Add("to=" + Uri.EscapeDataString(to.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        }
        return $"{AuditEndpoints.Path}/export.{extension}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    /// <summary>What the verification found, in one sentence.</summary>
    public static string Verification(AuditVerification v) => v.Intact
        ? string.Create(CultureInfo.InvariantCulture, $"Chain intact: {v.Entries} entries, each carrying the hash of the one before; head {Short(v.HeadHash)}")
        : string.Create(CultureInfo.InvariantCulture, $"Chain BROKEN at entry {v.FirstBadSeq}: {v.Problem}. The {v.Entries} entries before it check out.");
}
