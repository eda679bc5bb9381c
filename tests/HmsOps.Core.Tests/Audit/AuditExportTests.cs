using System.Text;
using System.Text.Json;
using HmsOps.Core.Audit;

namespace HmsOps.Core.Tests.Audit;

public sealed class AuditExportTests
{
    private static readonly AuditEntry Entry = new(7, DateTimeOffset.FromUnixTimeMilliseconds(1_796_461_200_123), "lead1", AuditActions.ChangeRejected,
        "change/chg-1", """{"reason":"not now, \"payroll\" runs\nat 10"}""", new string('a', 64), new string('b', 64));

    [Fact]
    public void Csv_quotes_fields_with_commas_quotes_and_line_breaks_as_rfc4180_says()
    {
        var text = new StringWriter();

        AuditExport.WriteCsv([Entry], text);

        var lines = text.ToString().Split("\r\n");
        Assert.Equal("seq,time,actor,action,target,detail,prev_hash,hash", lines[0]);
        Assert.Equal(
            "7,2026-12-05T09:00:00.123Z,lead1,change-rejected,change/chg-1,\"{\"\"reason\"\":\"\"not now, \\\"\"payroll\\\"\" runs\\nat 10\"\"}\"," +
            new string('a', 64) + "," + new string('b', 64), lines[1]);
        Assert.Equal("", lines[^1]);
    }

    [Fact]
    public void A_field_without_special_characters_is_left_bare_and_a_line_break_forces_quotes()
    {
        Assert.Equal("plain", AuditExport.Quote("plain"));
        Assert.Equal("\"two\nlines\"", AuditExport.Quote("two\nlines"));
        Assert.Equal("\"say \"\"hi\"\"\"", AuditExport.Quote("say \"hi\""));
    }

    [Fact]
    public void Json_embeds_the_detail_as_an_object_and_keeps_the_hashed_text()
    {
        using var output = new MemoryStream();

        AuditExport.WriteJson([Entry], output);

        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(output.ToArray()));
        var entry = document.RootElement[0];
        Assert.Equal(7, entry.GetProperty("seq").GetInt64());
        Assert.Equal("not now, \"payroll\" runs\nat 10", entry.GetProperty("detail").GetProperty("reason").GetString());
        Assert.Equal(Entry.Detail, entry.GetProperty("detailText").GetString());
        Assert.Equal(new string('b', 64), entry.GetProperty("hash").GetString());
    }
}
