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
}
