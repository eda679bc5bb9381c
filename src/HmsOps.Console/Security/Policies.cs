namespace HmsOps.Console.Security;

/// <summary>
/// The authorization policies every page, action and endpoint names. Each one requires the matching role claim
/// (lower-case, see <see cref="ActorClaims"/>); roles do not imply each other here, so configuration decides
/// who holds which (the demo users are configured cumulatively: a lead also holds engineer, oncall and viewer).
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in person: reading pages and APIs.</summary>
    public const string Viewer = "viewer";

    /// <summary>Acknowledging and silencing alerts.</summary>
    public const string OnCall = "oncall";

    /// <summary>Requesting changes (rollback, canary, promote, abort).</summary>
    public const string Engineer = "engineer";

    /// <summary>Approving another person's change; break-glass.</summary>
    public const string Lead = "lead";
}
