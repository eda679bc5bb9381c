namespace HmsOps.Core.Security;

/// <summary>
/// What a person may do in the console. Roles do not imply each other by their order: a lead who should also
/// acknowledge alerts is configured with both <see cref="Lead"/> and <see cref="OnCall"/>, so what someone may do is
/// read from their configuration, never guessed from a ranking.
/// </summary>
public enum Role
{
    /// <summary>Reads pages and APIs.</summary>
    Viewer,

    /// <summary>Acknowledges and silences alerts.</summary>
    OnCall,

    /// <summary>Requests changes (rollback, canary, promote, abort).</summary>
    Engineer,

    /// <summary>Approves another person's change; may execute alone under break-glass.</summary>
    Lead,
}
