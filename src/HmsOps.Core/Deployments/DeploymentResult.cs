namespace HmsOps.Core.Deployments;

/// <summary>How a provider call ended. Anything but <see cref="Ok"/> carries a reason a person can act on.</summary>
public enum DeploymentOutcome
{
    Ok,
    /// <summary>The service, version or canary does not exist.</summary>
    NotFound,
    /// <summary>Another change is in flight, or the object changed under us (HTTP 409).</summary>
    Conflict,
    /// <summary>The cluster refused us (HTTP 401/403): missing RBAC verbs, usually.</summary>
    Forbidden,
    /// <summary>The cluster did not answer, or the rollout did not finish, within the configured time.</summary>
    Timeout,
    /// <summary>Anything else, e.g. the rollout exceeded its progress deadline.</summary>
    Failed,
}

/// <summary>An expected failure; converts to any <see cref="DeploymentResult{T}"/>.</summary>
public readonly record struct DeploymentError(DeploymentOutcome Outcome, string Reason)
{
    public static DeploymentError NotFound(string reason) => new(DeploymentOutcome.NotFound, reason);
    public static DeploymentError Conflict(string reason) => new(DeploymentOutcome.Conflict, reason);
    public static DeploymentError Forbidden(string reason) => new(DeploymentOutcome.Forbidden, reason);
    public static DeploymentError Timeout(string reason) => new(DeploymentOutcome.Timeout, reason);
    public static DeploymentError Failed(string reason) => new(DeploymentOutcome.Failed, reason);
}

/// <summary>Either a value (<see cref="DeploymentOutcome.Ok"/>) or an outcome with its reason.</summary>
public sealed class DeploymentResult<T>
{
    private readonly T? _value;

    private DeploymentResult(DeploymentOutcome outcome, T? value, string? reason)
    {
        Outcome = outcome;
        _value = value;
        Reason = reason;
    }

    public DeploymentOutcome Outcome { get; }

    /// <summary>Why it did not succeed; null when it did.</summary>
    public string? Reason { get; }

    public bool IsOk => Outcome == DeploymentOutcome.Ok;

    /// <summary>The value; reading it from a failed result is a bug, so it throws.</summary>
    public T Value => IsOk ? _value! : throw new InvalidOperationException($"no value: {Outcome}: {Reason}");

    public DeploymentError Error => IsOk
        ? throw new InvalidOperationException("the call succeeded")
        : new DeploymentError(Outcome, Reason!);

    public static DeploymentResult<T> Ok(T value) => new(DeploymentOutcome.Ok, value, null);

    public static implicit operator DeploymentResult<T>(T value) => Ok(value);

    public static implicit operator DeploymentResult<T>(DeploymentError error) =>
        error.Outcome == DeploymentOutcome.Ok
            ? throw new ArgumentException("an error needs an outcome other than Ok", nameof(error))
            : new DeploymentResult<T>(error.Outcome, default, error.Reason);

    public override string ToString() => IsOk ? $"Ok: {_value}" : $"{Outcome}: {Reason}";
}
