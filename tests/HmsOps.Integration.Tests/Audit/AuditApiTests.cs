using System.Net;
using System.Text;
using System.Text.Json;
using HmsOps.Core.Audit;
using HmsOps.Integration.Tests.Cli;
using HmsOps.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace HmsOps.Integration.Tests.Audit;

/// <summary>The audit API against a running console: pages and filters, exports that verify on their own, and an edited audit.db caught.</summary>
public sealed class AuditApiTests
{
    [Fact]
    public async Task Pages_filter_and_exports_round_trip_and_an_edited_row_is_named_by_the_page_the_api_and_the_cli()
    {
        await using var console = new ConsoleProcess(new Dictionary<string, string> { ["Demo:Enabled"] = "false" });
        await console.StartAndWaitUntilReadyAsync();
        // Entries to read: a failed sign-in, sign-ins, and the tokens the fixture and this test create.
        using (var failed = console.CreateCookieClient())
        {
            using var refused = await ConsoleProcess.PostLoginAsync(failed, TestUsers.Viewer, "wrong password");
        }
        using var viewer = await console.SignInAsync(TestUsers.Viewer);
        using var lead = await console.SignInAsync(TestUsers.Lead1);
        var engineerToken = await console.CreateTokenAsync(TestUsers.Engineer);
        Assert.NotEmpty(engineerToken);

        // Pages: newest first, each continuing below the last one's seq, together the whole log once.
        var seen = new List<long>();
        long? before = null;
        do
        {
            using var page = JsonDocument.Parse(await lead.GetStringAsync("/api/audit?limit=3" + (before is { } b ? $"&before={b}" : "")));
            var seqs = page.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ToList();
            Assert.Equal(seqs.OrderDescending(), seqs);
            seen.AddRange(seqs);
            before = page.RootElement.GetProperty("nextBefore").ValueKind == JsonValueKind.Number ? page.RootElement.GetProperty("nextBefore").GetInt64() : null;
        }
        while (before is not null);
        Assert.True(seen.Count >= 6, $"expected sign-ins and tokens in the log, got {seen.Count} entries");
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i).OrderDescending(), seen);

        using (var failures = JsonDocument.Parse(await lead.GetStringAsync("/api/audit?action=sign-in-failed")))
        {
            var entry = Assert.Single(failures.RootElement.GetProperty("entries").EnumerateArray());
            Assert.Equal(TestUsers.Viewer, entry.GetProperty("actor").GetString());
        }
        using (var byViewer = JsonDocument.Parse(await lead.GetStringAsync("/api/audit?actor=VIEWER")))
        {
            Assert.All(byViewer.RootElement.GetProperty("entries").EnumerateArray(), e => Assert.Equal(TestUsers.Viewer, e.GetProperty("actor").GetString()));
        }
        using (var badTime = await lead.GetAsync("/api/audit?from=yesterday"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
            Assert.Contains("\"field\":\"from\"", await badTime.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var refusedToViewer = await viewer.GetAsync("/api/audit/export.csv"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refusedToViewer.StatusCode);
        }

        // CSV: an attachment that parses as RFC 4180, every entry once, each hash recomputable from its row.
        using var csvResponse = await lead.GetAsync("/api/audit/export.csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", csvResponse.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("hms-ops-audit-all.csv", csvResponse.Content.Headers.ContentDisposition?.FileNameStar ?? csvResponse.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var rows = ParseCsv(await csvResponse.Content.ReadAsStringAsync());
        Assert.Equal(AuditExport.CsvHeader, rows[0]);
        var csvEntries = rows.Skip(1).Select(r => new AuditEntry(long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), r[2], r[3], r[4], r[5], r[6], r[7])).ToList();
        var total = csvEntries.Count;
        Assert.True(total >= seen.Count);
        var previous = AuditHash.Genesis;
        foreach (var entry in csvEntries)
        {
            Assert.Equal(previous, entry.PrevHash);
            Assert.Equal(entry.Hash, AuditHash.Compute(entry));
            previous = entry.Hash;
        }
        Assert.Contains(csvEntries, e => e.Action == AuditActions.TokenCreated && e.Actor == TestUsers.Engineer);

        // JSON: every entry, with its hash and the previous one's, chained.
        using var jsonResponse = await lead.GetAsync("/api/audit/export.json");
        Assert.Equal("attachment", jsonResponse.Content.Headers.ContentDisposition?.DispositionType);
        using var json = JsonDocument.Parse(await jsonResponse.Content.ReadAsStringAsync());
        var jsonEntries = json.RootElement.EnumerateArray().ToList();
        Assert.True(jsonEntries.Count >= total);
        for (var i = 0; i < total; i++)
        {
            Assert.Equal(i + 1, jsonEntries[i].GetProperty("seq").GetInt64());
            Assert.Equal(csvEntries[i].Hash, jsonEntries[i].GetProperty("hash").GetString());
            Assert.Equal(csvEntries[i].PrevHash, jsonEntries[i].GetProperty("prevHash").GetString());
            Assert.Equal(JsonValueKind.Object, jsonEntries[i].GetProperty("detail").ValueKind);
        }

        // A bounded export says the range held more.
        using (var limited = await lead.GetAsync("/api/audit/export.json?limit=2"))
        {
            Assert.Equal("true", limited.Headers.GetValues("X-Audit-Truncated").Single());
            using var two = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
            Assert.Equal(2, two.RootElement.GetArrayLength());
        }

        // Someone with file access drops the guard and rewrites who signed in as entry 2.
        using (var db = new SqliteConnection($"Data Source={Path.Combine(console.DataPath, SqliteAuditLog.FileName)};Pooling=False"))
        {
            db.Open();
            using var edit = db.CreateCommand();
            edit.CommandText = "PRAGMA busy_timeout = 10000; DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE seq = 2;";
            edit.ExecuteNonQuery();
        }

        using (var verify = JsonDocument.Parse(await lead.GetStringAsync("/api/audit/verify")))
        {
            Assert.False(verify.RootElement.GetProperty("intact").GetBoolean());
            Assert.Equal(2, verify.RootElement.GetProperty("firstBadSeq").GetInt64());
            Assert.Contains("edited", verify.RootElement.GetProperty("problem").GetString(), StringComparison.Ordinal);
        }
        var html = WebUtility.HtmlDecode(await lead.GetStringAsync("/audit"));
        Assert.Contains("Chain BROKEN at entry 2", html, StringComparison.Ordinal);
        var cli = await CliRunner.RunAsync("audit", "verify", "--url", console.BaseUrl, "--token", console.LeadToken!);
        Assert.Equal(13, cli.ExitCode);
        Assert.Contains("BROKEN at seq 2", cli.Error, StringComparison.Ordinal);
    }

    /// <summary>RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    i++;
                    fields.Add(field.ToString());
                    field.Clear();
                    rows.Add([.. fields]);
                    fields.Clear();
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        Assert.False(quoted, "the CSV ends inside a quoted field");
        Assert.True(field.Length == 0 && fields.Count == 0, "the last record does not end with CRLF");
        return rows;
    }
}
