namespace HmsOps.Core.Incidents;

/// <summary>
/// What the outage cost, measured from the metrics of the impacted services over the incident's window. Null numbers
/// mean the source had no data (not zero). <see cref="BudgetBurned"/> is the fraction of the error budget of
/// <c>Incidents:SloWindow</c> the window's errors used, assuming the window's request rate across the whole SLO window.
/// </summary>
public sealed record IncidentImpact(DateTimeOffset From, DateTimeOffset To, double? Requests, double? Errors, double? P95Seconds, double? BudgetBurned)
{
    public TimeSpan Duration => To - From;

    public double? ErrorRatio => Requests is > 0 && Errors is { } e ? e / Requests.Value : null;

    /// <summary>The burn as the pure arithmetic: errors ÷ ((1 − SLO) × requests per second × SLO window).</summary>
    public static double? Burn(double? requests, double? errors, TimeSpan window, double sloTarget, TimeSpan sloWindow)
    {
        if (requests is not > 0 || errors is not { } e || window <= TimeSpan.Zero)
        {
            return null;
        }
        var budget = (1 - sloTarget) * (requests.Value / window.TotalSeconds) * sloWindow.TotalSeconds;
        return budget > 0 ? e / budget : null;
    }
}

/// <summary>Measures an incident's impact (the console's metrics source; a fake in tests).</summary>
public interface IIncidentImpactSource
{
    Task<IncidentImpact?> MeasureAsync(Incident incident, DateTimeOffset to, CancellationToken cancellationToken);
}
