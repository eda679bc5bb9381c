using System.Globalization;
using System.Text.Json;

namespace HmsOps.Core.Audit;

/// <summary>The audit log as CSV (RFC 4180) or JSON, with the hashes, so an export can be verified away from the console.</summary>
public static class AuditExport
{
    public static readonly string[] CsvHeader = ["seq", "time", "actor", "action", "target", "detail", "prev_hash", "hash"];

    /// <summary>CRLF line ends; a field holding a comma, quote, CR or LF is quoted and its quotes doubled.</summary>
    public static void WriteCsv(IEnumerable<AuditEntry> entries, TextWriter writer)
    {
        WriteCsvHeader(writer);
        foreach (var e in entries)
        {
            WriteCsvRow(writer, e);
        }
    }

    /// <summary>The header line alone, for writers that stream the rows a page at a time.</summary>
    public static void WriteCsvHeader(TextWriter writer) => WriteRow(writer, CsvHeader);

    public static void WriteCsvRow(TextWriter writer, AuditEntry e) =>
        WriteRow(writer, [e.Seq.ToString(CultureInfo.InvariantCulture), Time(e.At), e.Actor, e.Action, e.Target, e.Detail, e.PrevHash, e.Hash]);

    /// <summary>A JSON array; each entry's detail is embedded as the JSON object it is, not as a string.</summary>
    public static void WriteJson(IEnumerable<AuditEntry> entries, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        writer.WriteStartArray();
        foreach (var e in entries)
        {
            WriteJsonEntry(writer, e);
        }
        writer.WriteEndArray();
    }

    /// <summary>One entry as a JSON object (the export's element, and the audit API's), for writers that stream.</summary>
    public static void WriteJsonEntry(Utf8JsonWriter writer, AuditEntry e)
    {
        writer.WriteStartObject();
        writer.WriteNumber("seq", e.Seq);
        writer.WriteString("time", Time(e.At));
        writer.WriteNumber("timeMs", e.At.ToUnixTimeMilliseconds());
        writer.WriteString("actor", e.Actor);
        writer.WriteString("action", e.Action);
        writer.WriteString("target", e.Target);
        writer.WritePropertyName("detail");
        writer.WriteRawValue(e.Detail);
        // The detail exactly as hashed, so a verifier need not re-serialise JSON the same way.
        writer.WriteString("detailText", e.Detail);
        writer.WriteString("prevHash", e.PrevHash);
        writer.WriteString("hash", e.Hash);
        writer.WriteEndObject();
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }
            writer.Write(Quote(fields[i]));
        }
        writer.Write("\r\n");
    }

    internal static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
