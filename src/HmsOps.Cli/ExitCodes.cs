namespace HmsOps.Cli;

/// <summary>Distinct exit codes so scripts can tell a refusal from an outage.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;

    /// <summary><c>hms-ops lint</c> found errors (the same code as a usage error: "this input is wrong").</summary>
    public const int LintFailed = 1;
    public const int Refused = 3;
    public const int Unauthorized = 4;
    public const int Busy = 5;
    public const int Unreachable = 6;

    // Guarded changes (rollback, canary, approve, reject, status, audit verify): one code per reason a script acts on.

    /// <summary>403: the rules refuse it (self-approval, missing role).</summary>
    public const int Forbidden = 7;

    /// <summary>409: another change in flight, or this one already decided.</summary>
    public const int Conflict = 8;

    /// <summary>410: the request expired before approval.</summary>
    public const int Expired = 9;

    /// <summary>400: the request names a wrong field (the message says which).</summary>
    public const int Invalid = 10;

    /// <summary>404: no such change or service.</summary>
    public const int NotFound = 11;

    /// <summary><c>status --wait</c> gave up before the change reached a final state.</summary>
    public const int StillRunning = 12;

    /// <summary>The change ended failed, rejected, expired or aborted; or <c>audit verify</c> found a broken chain.</summary>
    public const int ChangeFailed = 13;

    /// <summary>The exit code for a change API answer.</summary>
    public static int ForChange(int status) => status switch
    {
        401 => Unauthorized,
        403 => Forbidden,
        409 => Conflict,
        410 => Expired,
        400 or 422 => Invalid,
        404 => NotFound,
        429 or 503 => Busy,
        _ => Refused,
    };
}
