using HmsOps.Core.Alerting.Matchers;

namespace HmsOps.Core.Notifications.Routing;

/// <summary>
/// Checks a routing configuration as Alertmanager would and lists every error, each naming its key: appsettings
/// keys (<c>Notifications:Route:Routes:0:Receiver</c>) or, for a YAML file, the file and its key (<c>route.routes[0].receiver</c>).
/// </summary>
public static class NotificationsConfigValidator
{
    /// <summary>True when nothing is configured: no receivers and no root receiver, so nothing is routed (allowed).</summary>
    public static bool IsEmpty(NotificationsOptions o) => o.Receivers.Count == 0 && string.IsNullOrEmpty(o.Route.Receiver);

    /// <param name="fromFile">The YAML file the route, receivers and inhibit rules came from, or null for appsettings.</param>
    public static IReadOnlyList<string> Validate(NotificationsOptions o, string? fromFile)
    {
        var errors = new List<string>();
        var keys = new KeyNamer(fromFile);
        if (string.IsNullOrWhiteSpace(o.SecurityReceiver) && !IsEmpty(o))
        {
            errors.Add($"{NotificationsOptions.Section}:SecurityReceiver must name a receiver");
        }
        if (IsEmpty(o))
        {
            return errors;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.Receivers.Count; i++)
        {
            var name = o.Receivers[i].Name;
            var key = keys.Item("Receivers", "receivers", i) + keys.Field("Name", "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"{key} is required");
            }
            else if (!names.Add(name))
            {
                errors.Add($"{key}: receiver '{name}' is defined more than once");
            }
        }
        var rootKey = keys.Root("Route", "route");
        if (string.IsNullOrWhiteSpace(o.Route.Receiver))
        {
            errors.Add($"{rootKey}{keys.Field("Receiver", "receiver")}: the root route must have a receiver");
        }
        if (o.Route.Matchers.Count > 0)
        {
            errors.Add($"{rootKey}{keys.Field("Matchers", "matchers")}: the root route must not have any matchers");
        }
        if (o.Route.Continue)
        {
            errors.Add($"{rootKey}{keys.Field("Continue", "continue")}: the root route cannot have continue set");
        }
        CheckRoute(o.Route, rootKey, keys, names, errors);
        if (!string.IsNullOrWhiteSpace(o.SecurityReceiver) && !names.Contains(o.SecurityReceiver))
        {
            errors.Add($"{NotificationsOptions.Section}:SecurityReceiver: receiver '{o.SecurityReceiver}' does not exist");
        }
        for (var i = 0; i < o.InhibitRules.Count; i++)
        {
            var rule = o.InhibitRules[i];
            var key = keys.Item("InhibitRules", "inhibit_rules", i);
            CheckMatchers(rule.SourceMatchers, key + keys.Field("SourceMatchers", "source_matchers"), keys, errors);
            CheckMatchers(rule.TargetMatchers, key + keys.Field("TargetMatchers", "target_matchers"), keys, errors);
        }
        return errors;
    }

    private static void CheckRoute(RouteOptions route, string key, KeyNamer keys, HashSet<string> receivers, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(route.Receiver) && !receivers.Contains(route.Receiver))
        {
            errors.Add($"{key}{keys.Field("Receiver", "receiver")}: receiver '{route.Receiver}' does not exist");
        }
        if (route.GroupBy is { } groupBy && groupBy.Contains(RouteTree.GroupByAllMarker) && groupBy.Count > 1)
        {
            errors.Add($"{key}{keys.Field("GroupBy", "group_by")}: '...' groups by every label and cannot be combined with other labels");
        }
        CheckMatchers(route.Matchers, key + keys.Field("Matchers", "matchers"), keys, errors);
        CheckPositive(route.GroupWait, key + keys.Field("GroupWait", "group_wait"), errors, allowZero: true);
        CheckPositive(route.GroupInterval, key + keys.Field("GroupInterval", "group_interval"), errors, allowZero: false);
        CheckPositive(route.RepeatInterval, key + keys.Field("RepeatInterval", "repeat_interval"), errors, allowZero: false);
        for (var i = 0; i < route.Routes.Count; i++)
        {
            CheckRoute(route.Routes[i], key + keys.Field("Routes", "routes") + keys.Index(i), keys, receivers, errors);
        }
    }

    // Alertmanager accepts group_wait 0 (flush at once) but rejects zero group_interval and repeat_interval.
    private static void CheckPositive(TimeSpan? value, string key, List<string> errors, bool allowZero)
    {
        if (value is { } v && (v < TimeSpan.Zero || (!allowZero && v == TimeSpan.Zero)))
        {
            errors.Add($"{key} must be {(allowZero ? "0 or more" : "more than 0")}");
        }
    }

    private static void CheckMatchers(List<string> matchers, string key, KeyNamer keys, List<string> errors)
    {
        for (var i = 0; i < matchers.Count; i++)
        {
            try
            {
                MatcherParser.Parse(matchers[i]);
            }
            catch (FormatException e)
            {
                errors.Add($"{key}{keys.Index(i)}: {e.Message}");
            }
        }
    }

    /// <summary>Spells keys the way the user wrote them: appsettings paths or YAML paths prefixed by the file.</summary>
    private sealed class KeyNamer(string? file)
    {
        public string Root(string pascal, string snake) => file is null ? $"{NotificationsOptions.Section}:{pascal}" : $"{file}: {snake}";

        public string Field(string pascal, string snake) => file is null ? $":{pascal}" : $".{snake}";

        public string Index(int i) => file is null ? $":{i}" : $"[{i}]";

        public string Item(string pascal, string snake, int i) => Root(pascal, snake) + Index(i);
    }
}
