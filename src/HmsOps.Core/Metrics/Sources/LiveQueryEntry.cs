using HmsOps.Core.PromQL;

namespace HmsOps.Core.Metrics.Sources;

/// <summary>The scheduler's state for one distinct <see cref="LiveQuery"/>: its timer, subscribers and last outcome.</summary>
internal sealed class LiveQueryEntry(LiveQuery query)
{
    public LiveQuery Query { get; } = query;

    public ITimer? Timer { get; set; }

    /// <summary>Replaced (never mutated) under the scheduler's lock, so an evaluation can read it without one.</summary>
    public LiveSubscriber[] Subscribers { get; set; } = [];

    /// <summary>1 while an evaluation runs: a tick that finds it set is skipped, so evaluations never overlap.</summary>
    public int Running;

    // Written only by the one running evaluation; read under the scheduler's lock together with Sequence.
    public LiveQueryResult? Last { get; set; }

    public long Sequence { get; set; }

    public QueryValue? LastValue { get; set; }

    public DateTimeOffset? UnavailableSince { get; set; }
}
