using HmsOps.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace HmsOps.Console.Security;

/// <summary>
/// The person at this circuit, for component code that acts on their behalf: every action re-checks the policy here on
/// the server, so a hidden button is a convenience and never the guard.
/// </summary>
public sealed class SignedInUser(AuthenticationStateProvider state, IAuthorizationService authorization)
{
    public async Task<Actor?> ActorAsync() => ActorClaims.ToActor((await state.GetAuthenticationStateAsync()).User);

    public async Task<bool> MayAsync(string policy)
    {
        var user = (await state.GetAuthenticationStateAsync()).User;
        return (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }
}
