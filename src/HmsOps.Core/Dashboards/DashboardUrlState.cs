namespace HmsOps.Core.Dashboards;

/// <summary>
/// The dashboard state Grafana keeps in its URL: <c>from</c>, <c>to</c>, <c>refresh</c> and <c>var-name</c>
/// (repeated for several values, <c>All</c> for all).
/// </summary>
public static class DashboardUrlState
{
    public static void Apply(DashboardSession session, IReadOnlyDictionary<string, string[]> query)
    {
        var from = query.GetValueOrDefault("from")?.FirstOrDefault();
        var to = query.GetValueOrDefault("to")?.FirstOrDefault();
        if (from is not null && TimeRangeSpec.TryParsePoint(from, out _) && TimeRangeSpec.TryParsePoint(to ?? "now", out _))
        {
            session.Range = new TimeRangeSpec(from, to ?? "now");
        }
        if (query.GetValueOrDefault("refresh")?.FirstOrDefault() is { } refresh)
        {
            session.Refresh = refresh is "" or "off" ? null
                : GrafanaInterval.TryParseDuration(refresh, out var interval) && interval > TimeSpan.Zero ? interval
                : session.Refresh;
        }
        foreach (var variable in session.Dashboard.Variables)
        {
            if (query.GetValueOrDefault("var-" + variable.Name) is { Length: > 0 } values)
            {
                session.Requested[variable.Name] = values.Select(v => v == "All" ? VariableDefinition.AllToken : v).ToArray();
            }
        }
    }

    /// <summary>Query pairs for the session's current state (variables with their selected values).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToQuery(DashboardSession session)
    {
        var pairs = new List<KeyValuePair<string, string>>
        {
            new("from", session.Range.From),
            new("to", session.Range.To),
            new("refresh", session.Refresh is { } r ? GrafanaInterval.Format((long)r.TotalMilliseconds) : "off"),
        };
        foreach (var variable in session.Dashboard.Variables.Where(v => v.Kind != VariableKind.Constant))
        {
            if (session.Values.TryGetValue(variable.Name, out var value))
            {
                var values = value.IsAll ? ["All"] : value.Values;
                pairs.AddRange(values.Select(v => new KeyValuePair<string, string>("var-" + variable.Name, v)));
            }
        }
        return pairs;
    }
}
