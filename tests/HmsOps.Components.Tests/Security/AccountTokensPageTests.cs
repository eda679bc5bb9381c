using Bunit;
using HmsOps.Console.Components.Pages;
using HmsOps.Console.Security;
using HmsOps.Core.Audit;
using HmsOps.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace HmsOps.Components.Tests.Security;

public sealed class AccountTokensPageTests : MudComponentTest, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hmsops-tokens-page-" + Guid.NewGuid().ToString("N"));
    private readonly PersonalTokenStore _store;
    private readonly RecordingAuditLog _audit = new();

    public AccountTokensPageTests()
    {
        _store = new PersonalTokenStore(Path.Combine(_folder, PersonalTokenStore.FileName), 10, Time);
        Ctx.Services.AddSingleton(_store);
        Ctx.Services.AddSingleton(new AuthOptions());
        Ctx.Services.AddSingleton<IAuditLog>(_audit);
        Ctx.Services.AddSingleton<PersonalTokenService>();
        var auth = Ctx.AddAuthorization();
        auth.SetAuthorized("ada");
        auth.SetRoles("viewer", "oncall");
        RenderInteractively();
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_new_token_is_shown_once_works_and_is_revoked_from_the_list()
    {
        var page = Ctx.Render<AccountTokens>();
        page.Find("input").Change("laptop CLI");
        page.Find("button:contains('Create token')").Click();

        var secret = page.Find("[data-testid='new-token']").TextContent.Trim();
        Assert.Equal("ada", _store.Authenticate(secret)?.Owner);
        Assert.Contains("laptop CLI", page.Find("table").TextContent, StringComparison.Ordinal);
        Assert.Equal(AuditActions.TokenCreated, Assert.Single(_audit.Entries).Action);

        page.Find("button[aria-label='Revoke laptop CLI']").Click();

        Assert.Empty(page.FindAll("[data-testid='new-token']"));
        Assert.Contains("revoked", page.Find("table").TextContent, StringComparison.Ordinal);
        Assert.Null(_store.Authenticate(secret));
        Assert.Equal(AuditActions.TokenRevoked, _audit.Entries[^1].Action);
    }

    [Fact]
    public void A_token_without_a_name_is_refused_on_the_field()
    {
        var page = Ctx.Render<AccountTokens>();
        page.Find("button:contains('Create token')").Click();

        Assert.Contains("give the token a name", page.Markup, StringComparison.Ordinal);
        Assert.Empty(_store.List("ada"));
    }
}
