namespace HmsOps.Core.Changes;

/// <summary>How a command ended, in the terms the API will answer with (200, 403, 409, 410, 404, 400).</summary>
public enum ChangeResultKind
{
    Ok,
    Forbidden,
    Conflict,
    Gone,
    NotFound,
    Invalid,
}

/// <summary>
/// The answer to a command: the change as it now stands (when there is one), and for a refusal a machine-readable
/// <see cref="Code"/> (see <see cref="ChangeRefusals"/>), the field at fault and a sentence a person can act on.
/// </summary>
public sealed record ChangeResult(ChangeResultKind Kind, ChangeRecord? Change, string? Code, string? Field, string? Message)
{
    /// <summary>True when this answer repeats an earlier one for the same idempotency key (nothing happened again).</summary>
    public bool Replayed { get; init; }

    public bool IsOk => Kind == ChangeResultKind.Ok;

    public static ChangeResult Ok(ChangeRecord change) => new(ChangeResultKind.Ok, change, null, null, null);

    public static ChangeResult Forbidden(ChangeRecord? change, string code, string message) =>
        new(ChangeResultKind.Forbidden, change, code, null, message);

    public static ChangeResult Conflict(ChangeRecord? change, string code, string message) =>
        new(ChangeResultKind.Conflict, change, code, null, message);

    public static ChangeResult Gone(ChangeRecord change, string message) =>
        new(ChangeResultKind.Gone, change, ChangeRefusals.Expired, null, message);

    public static ChangeResult NotFound(string what) => new(ChangeResultKind.NotFound, null, ChangeRefusals.NotFound, null, what);

    public static ChangeResult Invalid(string field, string message) =>
        new(ChangeResultKind.Invalid, null, ChangeRefusals.Invalid, field, message);
}

/// <summary>Refusal codes: stable strings the API, the CLI's exit codes and the page can switch on.</summary>
public static class ChangeRefusals
{
    public const string SelfApproval = "self-approval";
    public const string MissingRole = "missing-role";
    public const string InFlight = "in-flight";
    public const string AlreadyDecided = "already-decided";
    public const string NotAwaiting = "not-awaiting";
    public const string Expired = "expired";
    public const string NotFound = "not-found";
    public const string Invalid = "invalid";
    public const string TooEarly = "too-early";
    public const string Stale = "stale";
}
