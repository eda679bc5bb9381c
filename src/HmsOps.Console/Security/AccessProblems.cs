using HmsOps.Console.Hosting;

namespace HmsOps.Console.Security;

/// <summary>
/// How a refusal is answered: machine paths (APIs, hubs, scrapes) get problem+json with a reason, pages get the
/// login redirect (anonymous) or a plain 403 (signed in without the role).
/// </summary>
public static class AccessProblems
{
    private static readonly string[] MachinePrefixes = ["/api", "/hubs", "/federate", "/metrics", "/v1", "/ingest"];

    public static bool IsMachinePath(PathString path) =>
        MachinePrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public static Task WriteAsync(HttpContext context, int status)
    {
        var result = status == StatusCodes.Status401Unauthorized
            ? Problems.Create(status, "Sign-in required",
                "sign in (cookie) or send Authorization: Bearer <personal token> (create one on /account/tokens)",
                [Problems.FieldError(null, "Authorization", "missing, unknown, revoked or expired credentials")])
            : Problems.Create(status, "Not allowed",
                "your roles do not allow this; ask a lead to configure the role you need",
                [Problems.FieldError(null, "role", "the signed-in user lacks the role this action needs")]);
        return result.ExecuteAsync(context);
    }
}
