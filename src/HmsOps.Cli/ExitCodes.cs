namespace HmsOps.Cli;

/// <summary>Distinct exit codes so scripts can tell a refusal from an outage.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int Refused = 3;
    public const int Unauthorized = 4;
    public const int Busy = 5;
    public const int Unreachable = 6;
}
