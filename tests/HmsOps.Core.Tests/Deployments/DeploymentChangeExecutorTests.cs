using HmsOps.Core.Changes;
using HmsOps.Core.Deployments;

namespace HmsOps.Core.Tests.Deployments;

/// <summary>The executor turns a claimed change into provider calls and the provider's outcome into words on the timeline.</summary>
public sealed class DeploymentChangeExecutorTests
{
    private readonly RecordingProvider _provider = new();

    private DeploymentChangeExecutor Executor => new(_provider);

    [Fact]
    public async Task A_rollback_sets_the_target_version_with_a_change_cause_naming_the_change_the_people_and_the_reason()
    {
        var result = await Executor.ExecuteAsync(new ChangeExecution(Rollback(), ExecutionAction.Rollback, 0, 1), CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(["rollback ach-svc v1.8.2"], _provider.Calls);
        Assert.Equal("v1.8.2", _provider.Version);
        Assert.Contains("v1.8.2", result.Message, StringComparison.Ordinal);
        var cause = _provider.LastCause!;
        foreach (var expected in new[] { "chg-0001", "engineer", "lead1", "latency since v1.9.0" })
        {
            Assert.Contains(expected, cause, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_break_glass_rollback_says_so_in_the_change_cause()
    {
        var change = Rollback() with { BreakGlass = true, BreakGlassReason = "payments down", ApprovedBy = "lead2" };

        await Executor.ExecuteAsync(new ChangeExecution(change, ExecutionAction.Rollback, 0, 1), CancellationToken.None);

        Assert.Contains("break-glass by lead2: payments down", _provider.LastCause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DeploymentOutcome.Conflict, "conflict")]
    [InlineData(DeploymentOutcome.Timeout, "timed out")]
    [InlineData(DeploymentOutcome.Forbidden, "refused by the cluster")]
    [InlineData(DeploymentOutcome.NotFound, "not found")]
    [InlineData(DeploymentOutcome.Failed, "failed")]
    public async Task A_provider_refusal_is_a_failed_execution_carrying_the_outcome_and_the_reason(DeploymentOutcome outcome, string words)
    {
        _provider.Failure = new DeploymentError(outcome, "the cluster said why");

        var result = await Executor.ExecuteAsync(new ChangeExecution(Rollback(), ExecutionAction.Rollback, 0, 1), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(words, result.Message, StringComparison.Ordinal);
        Assert.Contains("the cluster said why", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_canary_starts_at_its_first_step_then_moves_its_weight_then_promotes()
    {
        var canary = Canary(stepIndex: -1);

        var first = await Executor.ExecuteAsync(new ChangeExecution(canary, ExecutionAction.CanaryWeight, 5, 1), CancellationToken.None);
        var second = await Executor.ExecuteAsync(new ChangeExecution(Canary(stepIndex: 0), ExecutionAction.CanaryWeight, 25, 2), CancellationToken.None);
        var promoted = await Executor.ExecuteAsync(new ChangeExecution(Canary(stepIndex: 2), ExecutionAction.CanaryPromote, 100, 4), CancellationToken.None);

        Assert.True(first.Succeeded && second.Succeeded && promoted.Succeeded);
        Assert.Equal(["start-canary ach-svc v1.9.1 5", "canary-weight ach-svc 25", "promote ach-svc"], _provider.Calls);
        Assert.Contains("25 % on v1.9.1", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aborting_a_canary_whose_first_step_never_applied_succeeds_without_a_canary_to_remove()
    {
        _provider.Failure = DeploymentError.NotFound("ach-svc has no canary");

        var atStart = await Executor.ExecuteAsync(new ChangeExecution(Canary(stepIndex: -1), ExecutionAction.CanaryAbort, 0, 2), CancellationToken.None);
        var later = await Executor.ExecuteAsync(new ChangeExecution(Canary(stepIndex: 1), ExecutionAction.CanaryAbort, 0, 3), CancellationToken.None);

        Assert.True(atStart.Succeeded, atStart.Message);
        Assert.False(later.Succeeded, "a canary that ran and vanished is worth a look");
    }

    [Fact]
    public async Task The_current_version_comes_from_the_provider_and_an_unreachable_provider_is_not_an_unknown_service()
    {
        Assert.Equal("v1.9.0", await Executor.CurrentVersionAsync("ach-svc", CancellationToken.None));
        Assert.Null(await Executor.CurrentVersionAsync("nope-svc", CancellationToken.None));

        _provider.ListFailure = DeploymentError.Timeout("no answer in 30 s");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Executor.CurrentVersionAsync("ach-svc", CancellationToken.None));
        Assert.Contains("no answer in 30 s", error.Message, StringComparison.Ordinal);
    }

    internal static ChangeRecord Rollback() => new()
    {
        Id = "chg-0001",
        Service = "ach-svc",
        Kind = ChangeKind.Rollback,
        FromVersion = "v1.9.0",
        TargetVersion = "v1.8.2",
        Reason = "latency since v1.9.0",
        RequestedBy = "engineer",
        RequestedAt = DemoFleetHarness.Start,
        ExpiresAt = DemoFleetHarness.Start.AddMinutes(15),
        State = ChangeState.Executing,
        ApprovedBy = "lead1",
    };

    private static ChangeRecord Canary(int stepIndex) => Rollback() with
    {
        Kind = ChangeKind.Canary,
        TargetVersion = "v1.9.1",
        Canary = new CanaryProgress { Steps = [5, 25, 50, 100], Pause = TimeSpan.FromMinutes(2), StepIndex = stepIndex },
    };
}
