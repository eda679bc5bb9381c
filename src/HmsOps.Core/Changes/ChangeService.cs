using HmsOps.Core.Alerting;
using HmsOps.Core.Audit;
using HmsOps.Core.Changes.Canary;
using HmsOps.Core.Changes.Storage;
using HmsOps.Core.Security;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Changes;

/// <summary>
/// Guarded changes as the API, the page and the CLI will use them. Each command runs the pure <see cref="ChangeMachine"/>
/// inside one write transaction of <c>changes.db</c>, so a claim (approval, break-glass, the next canary step) is
/// committed before the executor is called, and is committed at most once: a double click, two leads at the same
/// moment, or a retried HTTP call find the change no longer "requested" and get Conflict (or, with the same
/// idempotency key, the first answer again). The executor runs outside every lock, in the background; its result is
/// another command. Every transition is appended to the audit log right after its commit (an outbox flag in
/// <c>changes.db</c> lets start-up append what a crash left out).
/// </summary>
public sealed partial class ChangeService : IAsyncDisposable
{
    private readonly SqliteChangeStore _store;
    private readonly IChangeExecutor _executor;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Subscribers _subscribers = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _runningGate = new();
    private readonly Lock _auditGate = new();
    private readonly HashSet<Task> _running = [];
    private int _disposed;

    public ChangeService(SqliteChangeStore store, ChangeMachine machine, IChangeExecutor executor, IAuditLog audit, TimeProvider time, ILogger<ChangeService> logger)
    {
        _store = store;
        Machine = machine;
        _executor = executor;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    public ChangeMachine Machine { get; }

    /// <summary>Raised after transitions are committed and audited (for notifications: break-glass, results, auto-aborts).</summary>
    public event Action<ChangeRecord, IReadOnlyList<ChangeTransition>>? Transitioned;

    /// <summary>Live pages: called (fire-and-forget) after any change is committed.</summary>
    public IDisposable Subscribe(Func<Task> onChange) => _subscribers.Add(onChange);

    public ChangeRecord? Get(string id) => _store.Get(id);

    /// <summary>Newest first, at most <paramref name="limit"/>; one service's when <paramref name="service"/> is set.</summary>
    public IReadOnlyList<ChangeRecord> List(string? service = null, int limit = 100) => _store.List(service, limit);

    public IReadOnlyList<ChangeRecord> InFlight() => _store.InFlight();

    public IReadOnlyList<ChangeTransition> Transitions(string id) => _store.Transitions(id).Select(t => t.Transition).ToList();

    /// <summary>
    /// Files a request. Refused with Forbidden (role), Invalid (field), NotFound (unknown service) or Conflict (the
    /// service already has a change in flight). The same <paramref name="idempotencyKey"/> from the same person returns
    /// the change it created the first time.
    /// </summary>
    public async Task<ChangeResult> RequestAsync(ChangeDraft draft, Actor actor, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        if (!actor.HasAny(Role.Engineer, Role.Lead))
        {
            return ChangeResult.Forbidden(null, ChangeRefusals.MissingRole, $"{actor.Name} may not request changes: it takes the engineer or lead role");
        }
        if (string.IsNullOrWhiteSpace(draft.Service))
        {
            return ChangeResult.Invalid("service", "name the service to change");
        }
        var current = await _executor.CurrentVersionAsync(draft.Service, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return ChangeResult.NotFound($"no service named '{draft.Service}'");
        }
        var now = _time.GetUtcNow();
        var id = NewId();
        var (result, written) = _store.Write(writer =>
        {
            if (idempotencyKey is not null && writer.ByRequestKey(actor.Name, idempotencyKey) is { } earlier)
            {
                return (ChangeResult.Ok(earlier) with { Replayed = true }, writer.Written);
            }
            if (writer.InFlightFor(draft.Service) is { } blocking)
            {
                if (!ChangeMachine.IsExpiryDue(blocking, now) || blocking.State != ChangeState.Requested)
                {
                    return (InFlightConflict(blocking), writer.Written);
                }
                // A stale request nobody swept yet must not block a new one: expire it in the same transaction.
                writer.Save(blocking, Machine.Apply(blocking, new ExpireChange(), now));
            }
            var decision = Machine.Request(draft, actor, id, current, now);
            if (!decision.Result.IsOk)
            {
                return (decision.Result, writer.Written);
            }
            if (!writer.TryInsert(decision, idempotencyKey))
            {
                // Another writer (another console on the same file) got a change in between: the index said no.
                return (writer.InFlightFor(draft.Service) is { } other ? InFlightConflict(other)
                    : ChangeResult.Conflict(null, ChangeRefusals.InFlight, $"{draft.Service} already has a change in flight"), writer.Written);
            }
            return (ChangeResult.Ok(writer.Get(id)!), writer.Written);
        });
        Published(written);
        return result;
    }

    public Task<ChangeResult> ApproveAsync(string id, Actor actor, string? idempotencyKey = null) =>
        HandleAsync(id, new ApproveChange(actor) { IdempotencyKey = idempotencyKey });

    public Task<ChangeResult> RejectAsync(string id, Actor actor, string reason, string? idempotencyKey = null) =>
        HandleAsync(id, new RejectChange(actor, reason) { IdempotencyKey = idempotencyKey });

    public Task<ChangeResult> BreakGlassAsync(string id, Actor actor, string reason, string? idempotencyKey = null) =>
        HandleAsync(id, new BreakGlassChange(actor, reason) { IdempotencyKey = idempotencyKey });

    public Task<ChangeResult> RequestCanaryDecisionAsync(string id, Actor actor, CanaryDecision decision, string reason, string? idempotencyKey = null) =>
        HandleAsync(id, new RequestCanaryDecision(actor, decision, reason) { IdempotencyKey = idempotencyKey });

    /// <summary>Applies one command in one write transaction; starts the executor when the decision claimed an execution.</summary>
    public Task<ChangeResult> HandleAsync(string id, ChangeCommand command)
    {
        var now = _time.GetUtcNow();
        var (decision, saved, written) = _store.Write(writer =>
        {
            if (writer.Get(id) is not { } before)
            {
                return ((ChangeDecision?)null, (ChangeRecord?)null, writer.Written);
            }
            var decision = Machine.Apply(before, command, now);
            return (decision, writer.Save(before, decision), writer.Written);
        });
        if (decision is null)
        {
            return Task.FromResult(ChangeResult.NotFound($"no change with id '{id}'"));
        }
        Published(written);
        if (decision.StartsExecution)
        {
            StartExecution(saved!);
        }
        var result = decision.Result.Change is null ? decision.Result : decision.Result with { Change = saved };
        return Task.FromResult(result);
    }

    /// <summary>
    /// Run once at start-up, before anything else: a change left "executing" means the console stopped between the
    /// claim and the executor's result. It is marked failed ("interrupted"), never re-run, because the first run may
    /// have half-happened and only a person can tell. Also appends transitions a crash kept out of the audit log.
    /// </summary>
    public async Task<int> RecoverAsync()
    {
        FlushAuditBacklog();
        var interrupted = 0;
        foreach (var change in _store.InFlight().Where(c => c.State == ChangeState.Executing))
        {
            var result = await HandleAsync(change.Id, new InterruptExecution()).ConfigureAwait(false);
            interrupted += result.Change?.State == ChangeState.Failed ? 1 : 0;
        }
        return interrupted;
    }

    /// <summary>Expires requests (and pending canary decisions) past their time; returns how many.</summary>
    public async Task<int> ExpireDueAsync()
    {
        var now = _time.GetUtcNow();
        var count = 0;
        foreach (var change in _store.InFlight().Where(c => ChangeMachine.IsExpiryDue(c, now)))
        {
            await HandleAsync(change.Id, new ExpireChange()).ConfigureAwait(false);
            count++;
        }
        return count;
    }

    /// <summary>Analyses every canary step that is due and records the verdict (which may start the next step or an abort).</summary>
    public async Task<int> AnalyseDueCanariesAsync(ICanaryAnalyzer analyzer, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var change in _store.InFlight().Where(c => ChangeMachine.IsAnalysisDue(c, _time.GetUtcNow())))
        {
            CanaryVerdict verdict;
            try
            {
                verdict = await analyzer.AnalyzeAsync(change, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A broken analysis is no evidence either way: inconclusive, so it ends in an abort if it stays broken.
                verdict = CanaryVerdict.Inconclusive($"the analysis failed: {ex.Message}");
            }
            var result = await HandleAsync(change.Id, new RecordAnalysis(verdict)).ConfigureAwait(false);
            count += result.IsOk ? 1 : 0;
        }
        return count;
    }

    /// <summary>Completes when every execution this instance started has recorded its result (tests; orderly shutdown).</summary>
    public async Task WhenIdleAsync()
    {
        while (true)
        {
            Task[] running;
            lock (_runningGate)
            {
                running = [.. _running];
            }
            if (running.Length == 0)
            {
                return;
            }
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Cancels executions still running and waits for them. A cancelled execution records no result: the change stays
    /// "executing" and the next start marks it interrupted, exactly as after a crash.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await WhenIdleAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static ChangeResult InFlightConflict(ChangeRecord blocking) =>
        ChangeResult.Conflict(blocking, ChangeRefusals.InFlight,
            $"{blocking.Service} already has change {blocking.Id} in flight ({blocking.State.Text()}, requested by {blocking.RequestedBy}); only one at a time");

    private static string NewId() => "chg-" + Guid.NewGuid().ToString("N")[..12];
}
