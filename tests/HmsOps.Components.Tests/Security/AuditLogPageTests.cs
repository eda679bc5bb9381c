using Bunit;
using Bunit.TestDoubles;
using HmsOps.Console.Components.Pages;
using HmsOps.Console.Security;
using HmsOps.Core.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HmsOps.Components.Tests.Security;

/// <summary>The Audit page over a real audit.db: who may read it, paging, filters, export links, and a tampered entry shown as such.</summary>
public sealed class AuditLogPageTests : MudComponentTest, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hmsops-audit-page-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteAuditLog _log;
    private readonly BunitAuthorizationContext _auth;

    public AuditLogPageTests()
    {
        _log = new SqliteAuditLog(Path.Combine(_folder, SqliteAuditLog.FileName), Time);
        Ctx.Services.AddSingleton(_log);
        Ctx.Services.AddSingleton(new AuditOptions { PageSize = 3 });
        Ctx.Services.AddScoped<SignedInUser>();
        _auth = Ctx.AddAuthorization();
        RenderInteractively();
        string[] actors = ["viewer", "engineer", "lead1", "engineer", "lead2"];
        string[] actions = [AuditActions.SignIn, AuditActions.ChangeRequested, AuditActions.ChangeApproved, AuditActions.SignIn, AuditActions.SignInFailed];
        for (var i = 0; i < actors.Length; i++)
        {
            _log.Append(new AuditDraft(actors[i], actions[i], i is 1 or 2 ? "change:chg-1" : "console", "{\"n\":" + i + "}"));
            Time.Advance(TimeSpan.FromMinutes(10));
        }
    }

    public void Dispose()
    {
        _log.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private void SignIn(string name, params string[] roles)
    {
        _auth.SetAuthorized(name);
        _auth.SetRoles(roles);
        _auth.SetPolicies([Policies.Viewer, .. roles.Where(r => r != Policies.Viewer)]);
    }

    private IRenderedComponent<AuditLog> RenderAsLead()
    {
        SignIn("lead1", "viewer", "oncall", "engineer", "lead");
        var page = Ctx.Render<AuditLog>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='audit-verification'][data-intact]")), Deadline);
        return page;
    }

    private static long[] Seqs(IRenderedComponent<AuditLog> page) =>
        page.FindAll("[data-testid='audit-row']").Select(r => long.Parse(r.GetAttribute("data-seq")!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void A_lead_sees_the_newest_page_the_intact_chain_and_pages_back_and_forth()
    {
        var page = RenderAsLead();

        Assert.Equal("true", page.Find("[data-testid='audit-verification']").GetAttribute("data-intact"));
        Assert.Contains("Chain intact: 5 entries", page.Find("[data-testid='audit-verification']").TextContent, StringComparison.Ordinal);
        Assert.Equal([5L, 4, 3], Seqs(page));
        Assert.True(page.Find("[data-testid='newer']").HasAttribute("disabled"));

        page.Find("[data-testid='older']").Click();
        Assert.Equal([2L, 1], Seqs(page));
        Assert.True(page.Find("[data-testid='older']").HasAttribute("disabled"));

        page.Find("[data-testid='newer']").Click();
        Assert.Equal([5L, 4, 3], Seqs(page));
    }

    [Fact]
    public void Filters_narrow_the_rows_and_the_export_links_carry_the_time_range()
    {
        var page = RenderAsLead();

        page.Find("[data-field='action']").Change(AuditActions.SignIn);
        page.Find("[data-testid='apply-filter']").Click();
        Assert.Equal([4L, 1], Seqs(page));

        page.Find("[data-field='action']").Change("");
        page.Find("[data-field='actor']").Change("ENGINEER");
        page.Find("[data-field='from']").Change("2026-03-02 12:15");
        page.Find("[data-testid='apply-filter']").Click();
        Assert.Equal([4L], Seqs(page));
        Assert.Equal("/api/audit/export.csv?from=2026-03-02T12%3A15%3A00Z", page.Find("[data-testid='export-csv']").GetAttribute("href"));
        Assert.StartsWith("/api/audit/export.json?from=", page.Find("[data-testid='export-json']").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_that_does_not_parse_is_refused_on_its_field_and_the_rows_stay()
    {
        var page = RenderAsLead();

        page.Find("[data-field='to']").Change("next tuesday");
        page.Find("[data-testid='apply-filter']").Click();

        Assert.Contains("'next tuesday' is not a UTC time", page.Find(".mud-input-helper-text.mud-input-error").TextContent, StringComparison.Ordinal);
        Assert.Equal([5L, 4, 3], Seqs(page));
    }

    [Fact]
    public void An_edited_entry_breaks_the_chain_and_the_page_names_and_shows_it()
    {
        using (var db = new SqliteConnection($"Data Source={Path.Combine(_folder, SqliteAuditLog.FileName)};Pooling=False"))
        {
            db.Open();
            using var edit = db.CreateCommand();
            edit.CommandText = "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE seq = 4;";
            edit.ExecuteNonQuery();
        }

        var page = RenderAsLead();

        var verification = page.Find("[data-testid='audit-verification']");
        Assert.Equal("false", verification.GetAttribute("data-intact"));
        Assert.Contains("Chain BROKEN at entry 4", verification.TextContent, StringComparison.Ordinal);
        Assert.Contains("mallory", page.Find("[data-testid='bad-entry']").TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.Find("[data-testid='audit-row'][data-seq='4']").GetAttribute("aria-invalid"));
        Assert.Null(page.Find("[data-testid='audit-row'][data-seq='5']").GetAttribute("aria-invalid"));
    }

    [Fact]
    public void A_viewer_or_engineer_reads_nothing()
    {
        SignIn("engineer", "viewer", "oncall", "engineer");

        var page = Ctx.Render<AuditLog>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='audit-denied']")), Deadline);
        Assert.Empty(page.FindAll("[data-testid='audit-row']"));
        Assert.Empty(page.FindAll("[data-testid='export-csv']"));
    }
}
