namespace HmsOps.Core.Changes.Canary;

/// <summary>Judges a canary's current step; never throws for missing data or an unreachable source (that is Inconclusive).</summary>
public interface ICanaryAnalyzer
{
    Task<CanaryVerdict> AnalyzeAsync(ChangeRecord canary, CancellationToken cancellationToken);
}
