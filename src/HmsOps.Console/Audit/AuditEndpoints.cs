using System.Globalization;
using System.Text;
using System.Text.Json;
using HmsOps.Console.Hosting;
using HmsOps.Console.Security;
using HmsOps.Core.Audit;

namespace HmsOps.Console.Audit;

/// <summary>
/// <c>/api/audit</c>: the hash-chained audit log for leads (it names who signed in from where, and who decided what):
/// a page of entries, its verification, and exports as CSV or JSON. Exports stream a page of entries at a time and end
/// at <see cref="AuditOptions.MaxExportEntries"/>, so a large log neither fills memory nor holds the log's lock.
/// </summary>
public static class AuditEndpoints
{
    public const string Path = "/api/audit";
    /// <summary>Set to <c>true</c> when the range holds more entries than the export carries (its limit was reached).</summary>
    public const string TruncatedHeader = "X-Audit-Truncated";

    /// <summary>How many entries the export's range holds.</summary>
    public const string MatchingHeader = "X-Audit-Matching";

    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).RequireAuthorization(Policies.Lead);
        group.MapGet("", List);
        // Walks the whole chain, as `hms-ops audit verify` and the Audit page do.
        group.MapGet("/verify", (SqliteAuditLog audit) => Results.Json(Describe(audit.Verify())));
        group.MapGet("/export.csv", ExportCsv);
        group.MapGet("/export.json", ExportJson);
    }

    /// <summary>The verification as the API, the CLI and the page report it.</summary>
    public static object Describe(AuditVerification v) =>
        new { intact = v.Intact, entries = v.Entries, firstBadSeq = v.FirstBadSeq, problem = v.Problem, headHash = v.HeadHash };

    /// <summary>The export's file name: the range it holds, so two exports side by side say which is which.</summary>
    public static string FileName(AuditFilter filter, string extension)
    {
        static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var range = (filter.From, filter.To) switch
        {
            (null, null) => "all",
            ({ } from, null) => $"from-{Stamp(from)}",
            (null, { } to) => $"to-{Stamp(to)}",
            ({ } from, { } to) => $"{Stamp(from)}-{Stamp(to)}",
        };
        return $"hms-ops-audit-{range}.{extension}";
    }

    private static IResult List(HttpContext context, SqliteAuditLog audit, AuditOptions options, long? before, int? limit)
    {
        if (ParseFilter(context.Request.Query, out var filter) is { } problem)
        {
            return problem;
        }
        var take = limit ?? options.PageSize;
        if (take < 1 || take > options.MaxPageSize)
        {
            return Invalid("limit", $"limit must be 1 to {options.MaxPageSize}");
        }
        var entries = audit.Newest(filter, before, take);
        long? next = entries.Count == take ? entries[^1].Seq : null;
        return Results.Stream(async body =>
        {
            await using var writer = new Utf8JsonWriter(body);
            writer.WriteStartObject();
            writer.WriteStartArray("entries");
            foreach (var entry in entries)
            {
                AuditExport.WriteJsonEntry(writer, entry);
            }
            writer.WriteEndArray();
            if (next is { } seq)
            {
                writer.WriteNumber("nextBefore", seq);
            }
            else
            {
                writer.WriteNull("nextBefore");
            }
            writer.WriteEndObject();
            await writer.FlushAsync();
        }, "application/json");
    }

    private static IResult ExportCsv(HttpContext context, SqliteAuditLog audit, AuditOptions options, int? limit)
    {
        if (ExportRange(context, audit, options, limit, out var filter, out var take) is { } problem)
        {
            return problem;
        }
        return Results.Stream(async body =>
        {
            var written = 0;
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
            AuditExport.WriteCsvHeader(writer);
            foreach (var entry in audit.Oldest(filter, take))
            {
                AuditExport.WriteCsvRow(writer, entry);
                if (++written % 500 == 0)
                {
                    // Kestrel allows no synchronous writes: the rows gather in the writer's buffer and go out here.
                    await writer.FlushAsync(context.RequestAborted);
                }
            }
            await writer.FlushAsync(context.RequestAborted);
        }, "text/csv; charset=utf-8", FileName(filter, "csv"));
    }

    private static IResult ExportJson(HttpContext context, SqliteAuditLog audit, AuditOptions options, int? limit)
    {
        if (ExportRange(context, audit, options, limit, out var filter, out var take) is { } problem)
        {
            return problem;
        }
        return Results.Stream(async body =>
        {
            var written = 0;
            await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Indented = true });
            writer.WriteStartArray();
            foreach (var entry in audit.Oldest(filter, take))
            {
                AuditExport.WriteJsonEntry(writer, entry);
                if (++written % 500 == 0)
                {
                    await writer.FlushAsync(context.RequestAborted);
                }
            }
            writer.WriteEndArray();
            await writer.FlushAsync(context.RequestAborted);
        }, "application/json", FileName(filter, "json"));
    }

    /// <summary>
    /// An export is a time range (from, to) and a limit, never more than the configured bound. Exports keep every entry
    /// of the range (no actor or action filter), so a range exported whole can be verified from its first prevHash on.
    /// </summary>
    private static IResult? ExportRange(HttpContext context, SqliteAuditLog audit, AuditOptions options, int? limit, out AuditFilter filter, out int take)
    {
        take = limit ?? options.MaxExportEntries;
        if (ParseFilter(context.Request.Query, out var parsed) is { } problem)
        {
            filter = AuditFilter.None;
            return problem;
        }
        filter = parsed with { Actor = null, Action = null };
        if (take < 1 || take > options.MaxExportEntries)
        {
            return Invalid("limit", $"limit must be 1 to {options.MaxExportEntries} (Audit:MaxExportEntries); narrow the time range for more");
        }
        // Counted first (the time index makes it cheap) so the headers can say, before the body streams, whether this is all.
        var matching = audit.CountMatching(filter);
        context.Response.Headers[MatchingHeader] = matching.ToString(CultureInfo.InvariantCulture);
        if (matching > take)
        {
            context.Response.Headers[TruncatedHeader] = "true";
        }
        return null;
    }

    private static IResult? ParseFilter(IQueryCollection query, out AuditFilter filter)
    {
        filter = AuditFilter.None;
        DateTimeOffset? from = null, to = null;
        foreach (var (field, assign) in new (string, Action<DateTimeOffset>)[] { ("from", v => from = v), ("to", v => to = v) })
        {
            var text = query[field].FirstOrDefault();
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (!TryTime(text, out var at))
            {
                return Invalid(field, $"'{text}' is not a time: use RFC 3339 (2026-12-06T02:00:00Z) or Unix seconds");
            }
            assign(at);
        }
        if (from is { } f && to is { } t && t <= f)
        {
            return Invalid("to", "to must be after from");
        }
        filter = new AuditFilter(query["actor"].FirstOrDefault(), query["action"].FirstOrDefault(), from, to);
        return null;
    }

    private static bool TryTime(string text, out DateTimeOffset at)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            && Math.Abs(seconds) < 1e11)
        {
            at = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at);
    }

    private static IResult Invalid(string field, string reason) =>
        Problems.Create(StatusCodes.Status400BadRequest, "Invalid audit query", reason, [Problems.FieldError(null, field, reason)]);
}
