namespace HmsOps.Core.Metrics.Sources;

/// <summary>Bounds of the shared live-query scheduler and its public hub. Section <c>Live</c>.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>Distinct live queries at once; a subscription that would add one more is refused.</summary>
    public int MaxQueries { get; set; } = 500;

    /// <summary>Subscribers over all live queries at once; a subscription beyond it is refused.</summary>
    public int MaxSubscribers { get; set; } = 10_000;

    /// <summary>Subscriptions one hub connection may hold; the next Subscribe is refused until one is removed.</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 50;

    /// <summary>The shortest refresh a live query may ask for, so no viewer can make the source work flat out.</summary>
    public TimeSpan MinRefresh { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest query text a hub client may send.</summary>
    public int MaxExpressionLength { get; set; } = 4_096;
}

/// <summary>A subscription refused because a <see cref="LiveOptions"/> bound is reached.</summary>
public sealed class LiveQueryLimitException(string message) : InvalidOperationException(message);
