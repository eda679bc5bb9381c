namespace HmsOps.Core.Changes;

/// <summary>
/// The seam to the deployment providers (demo fleet, Kubernetes): the change service decides <i>whether</i> and
/// <i>once</i>; the executor only does. It is called outside every lock, after the claim is committed, and at most once
/// per claim. A thrown exception counts as a failure with its message.
/// </summary>
public interface IChangeExecutor
{
    /// <summary>The version the service runs now, or null when the service is unknown (the request is refused: NotFound).</summary>
    Task<string?> CurrentVersionAsync(string service, CancellationToken cancellationToken);

    Task<ExecutionResult> ExecuteAsync(ChangeExecution execution, CancellationToken cancellationToken);
}

/// <summary>
/// One claimed execution: for <see cref="ExecutionAction.Rollback"/> set <see cref="ChangeRecord.Service"/> to
/// <see cref="ChangeRecord.TargetVersion"/>; for a canary, the weight to apply to the target version (the stable one is
/// <see cref="ChangeRecord.FromVersion"/>), promote it, or abort it.
/// </summary>
public sealed record ChangeExecution(ChangeRecord Change, ExecutionAction Action, int WeightPercent, int Attempt);
