using System.Globalization;
using HmsOps.Console.Security;
using HmsOps.Core.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace HmsOps.Console.Components.Pages;

/// <summary>The signed-in person's personal tokens: create (shown once), list with last use, revoke.</summary>
public partial class AccountTokens
{
    private IReadOnlyList<PersonalToken> _tokens = [];
    private string _name = "";
    private int _days = PersonalTokenService.DefaultLifetimeDays;
    private PersonalTokenService.FieldProblem? _error;
    private CreatedToken? _created;
    private System.Security.Claims.ClaimsPrincipal _user = new();

    [CascadingParameter] public required Task<AuthenticationState> AuthenticationState { get; set; }

    [Inject] public required PersonalTokenStore Store { get; init; }

    [Inject] public required PersonalTokenService Tokens { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _user = (await AuthenticationState).User;
        Reload();
    }

    private void Reload() => _tokens = ActorClaims.ToActor(_user) is { } actor ? Store.List(actor.Name) : [];

    private void Create()
    {
        var result = Tokens.Create(_user, _name, _days);
        _error = result.Error;
        _created = result.Created;
        if (_created is not null)
        {
            _name = "";
        }
        Reload();
    }

    private void Revoke(PersonalToken token)
    {
        Tokens.Revoke(_user, token.Id);
        _created = null;
        Reload();
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
