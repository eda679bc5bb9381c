using HmsOps.Core.Security;

namespace HmsOps.Console.Security;

/// <summary>
/// Failed sign-ins per name: after <see cref="LockoutOptions.MaxFailures"/> in a row the name is locked for
/// <see cref="LockoutOptions.Duration"/>, whatever password comes. Kept in <c>lockout.db</c> (<see cref="LoginFailureStore"/>),
/// so a restart neither lifts a lock nor resets the count; the per-address rate limit bounds guessing across names.
/// </summary>
public sealed class LoginLockout(LockoutOptions options, TimeProvider time, string databasePath) : IDisposable
{
    private readonly LoginFailureStore _store = new(databasePath, new LockoutPolicy(options.MaxFailures, options.Duration, options.MaxTrackedNames), time);

    public bool IsLocked(string name) => _store.IsLocked(name);

    /// <summary>Counts a failure; true when this failure locked the name.</summary>
    public bool RecordFailure(string name) => _store.RecordFailure(name);

    public void RecordSuccess(string name) => _store.RecordSuccess(name);

    public void Dispose() => _store.Dispose();
}
