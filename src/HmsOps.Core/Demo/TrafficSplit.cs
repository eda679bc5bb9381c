namespace HmsOps.Core.Demo;

/// <summary>
/// Which versions of one service answer its requests: the stable version, and during a rolling update or a canary
/// a second version taking <see cref="OtherShare"/> of them.
/// </summary>
public sealed record TrafficSplit(string Stable, string? Other, double OtherShare)
{
    public static TrafficSplit Single(string version) => new(version, null, 0);

    /// <summary>The version one request goes to. Draws a random number only while traffic is split, so an unsplit fleet replays as before.</summary>
    public string Pick(Random random) =>
        Other is null || OtherShare <= 0 ? Stable
        : OtherShare >= 1 ? Other
        : random.NextDouble() < OtherShare ? Other : Stable;
}
