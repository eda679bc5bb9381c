using System.Collections.Concurrent;
using HmsOps.Core.Changes;

namespace HmsOps.Core.Tests.Changes;

/// <summary>A deployment provider stand-in: services with versions, and a record of every call it got.</summary>
internal sealed class FakeExecutor : IChangeExecutor
{
    private readonly ConcurrentDictionary<string, string> _versions = new(StringComparer.Ordinal);

    public ConcurrentQueue<ChangeExecution> Calls { get; } = new();

    /// <summary>Replaces the default behaviour (succeed, and move the service to the target version).</summary>
    public Func<ChangeExecution, CancellationToken, Task<ExecutionResult>>? Behaviour { get; set; }

    public FakeExecutor WithService(string service, string version)
    {
        _versions[service] = version;
        return this;
    }

    public string? Version(string service) => _versions.GetValueOrDefault(service);

    public int CallsFor(string changeId) => Calls.Count(c => c.Change.Id == changeId);

    public Task<string?> CurrentVersionAsync(string service, CancellationToken cancellationToken) =>
        Task.FromResult(_versions.GetValueOrDefault(service));

    public async Task<ExecutionResult> ExecuteAsync(ChangeExecution execution, CancellationToken cancellationToken)
    {
        Calls.Enqueue(execution);
        if (Behaviour is { } behaviour)
        {
            return await behaviour(execution, cancellationToken);
        }
        if (execution.Action is ExecutionAction.Rollback or ExecutionAction.CanaryPromote)
        {
            _versions[execution.Change.Service] = execution.Change.TargetVersion;
        }
        return ExecutionResult.Ok($"{execution.Action} done");
    }
}
