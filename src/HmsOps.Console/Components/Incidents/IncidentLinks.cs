using HmsOps.Core.Incidents;

namespace HmsOps.Console.Components.Incidents;

/// <summary>
/// Which incident each alert or change belongs to, read from the incident list in one query rather than one lookup
/// per row. The list comes newest first, so an alert or change linked to two incidents (it fired again after the
/// first was resolved) names the latest one.
/// </summary>
public static class IncidentLinks
{
    /// <summary>The newest incident id for each key <paramref name="linkedKeys"/> yields (alert fingerprints, change ids).</summary>
    public static async Task<Dictionary<string, string>> LoadAsync(IncidentService incidents, Func<Incident, IEnumerable<string>> linkedKeys)
    {
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var incident in await incidents.ListAsync(IncidentQuery.All with { Limit = IncidentQuery.MaxLimit }))
        {
            foreach (var key in linkedKeys(incident))
            {
                links.TryAdd(key, incident.Id);
            }
        }
        return links;
    }
}
