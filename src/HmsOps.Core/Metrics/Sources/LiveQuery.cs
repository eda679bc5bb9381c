using HmsOps.Core.PromQL;

namespace HmsOps.Core.Metrics.Sources;

/// <summary>
/// A query kept live: evaluated once per <see cref="Refresh"/> tick for all subscribers.
/// <see cref="Range"/> of zero means an instant query at the tick; otherwise a range query over the last
/// <see cref="Range"/> with <see cref="Step"/>, its end aligned to the step so every viewer shares one evaluation.
/// </summary>
public sealed record LiveQuery(string Expr, TimeSpan Range, TimeSpan Step, TimeSpan Refresh);

/// <summary>
/// One evaluation's outcome. When the source is unavailable, <see cref="Value"/> keeps the last good data and
/// <see cref="UnavailableSince"/> says since when; a query the source rejects sets <see cref="Error"/>.
/// </summary>
public sealed record LiveQueryResult(LiveQuery Query, DateTimeOffset EvaluatedAt, QueryValue? Value, string? Error, DateTimeOffset? UnavailableSince);

/// <summary>The shared scheduler: one evaluation per distinct <see cref="LiveQuery"/> per tick, pushed to every subscriber.</summary>
public interface ILiveQueryScheduler
{
    /// <summary>Subscribes; the last result (if any) is delivered at once. Dispose to unsubscribe.</summary>
    IDisposable Subscribe(LiveQuery query, Func<LiveQueryResult, Task> onResult);
}
