using HmsOps.Console.Hosting;
using HmsOps.Console.Security;
using Microsoft.AspNetCore.Components;

namespace HmsOps.Console.Components.Pages;

/// <summary>
/// The sign-in form, rendered statically: it posts to <see cref="LoginEndpoints.LoginPostPath"/>, which checks the
/// antiforgery token and the password, sets the cookie and returns to <see cref="ReturnUrl"/> when it is local.
/// </summary>
public partial class Login
{
    [Inject] public required ConsoleOptions ConsoleOptions { get; init; }

    [Inject] public required AuthOptions AuthOptions { get; init; }

    [SupplyParameterFromQuery(Name = "returnUrl")] public string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery(Name = "failed")] public string? FailedFlag { get; set; }

    private bool Failed => FailedFlag == "1";
}
