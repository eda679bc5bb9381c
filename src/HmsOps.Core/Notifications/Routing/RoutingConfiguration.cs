using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Matchers;
using HmsOps.Core.PromQL;

namespace HmsOps.Core.Notifications.Routing;

/// <summary>What the dispatcher needs to know about a receiver without touching its secrets.</summary>
/// <param name="HasIntegrations">False for Alertmanager's "null receiver": alerts routed there are dropped quietly.</param>
/// <param name="SendsResolved">Any integration wants resolved notifications, so a resolve is a change worth a flush.</param>
public sealed record ReceiverInfo(string Name, bool HasIntegrations, bool SendsResolved);

/// <summary>
/// The validated routing configuration in force: route tree, receivers, inhibit rules and the SOC route that
/// <c>SecurityEvent</c> alerts take whatever the tree says. Null <see cref="Tree"/> means nothing is configured.
/// </summary>
public sealed class RoutingConfiguration
{
    private readonly Dictionary<string, ReceiverInfo> _receivers;

    private RoutingConfiguration(NotificationsOptions options, RouteTree? tree, RouteNode? securityRoute, IReadOnlyList<InhibitionRule> rules,
        Dictionary<string, ReceiverInfo> receivers)
    {
        Options = options;
        Tree = tree;
        SecurityRoute = securityRoute;
        Rules = rules;
        _receivers = receivers;
    }

    /// <summary>The options this was built from: receivers' integration settings (secrets included) follow reloads here.</summary>
    public NotificationsOptions Options { get; }

    public RouteTree? Tree { get; }

    /// <summary>The route <c>SecurityEvent</c> alerts take: the SOC receiver with the root's grouping and timings.</summary>
    public RouteNode? SecurityRoute { get; }

    public IReadOnlyList<InhibitionRule> Rules { get; }

    public ReceiverInfo Receiver(string name) => _receivers.TryGetValue(name, out var info) ? info : new ReceiverInfo(name, false, false);

    /// <summary>The routes that take this alert: the SOC route for security events, else the tree's match.</summary>
    public IReadOnlyList<RouteNode> RoutesFor(ConsoleAlert alert)
    {
        if (Tree is null)
        {
            return [];
        }
        return alert.Name == AlertSuppression.SecurityEventAlertName && SecurityRoute is not null
            ? [SecurityRoute]
            : Tree.Match(alert.Labels);
    }

    /// <summary>Builds from options that passed <see cref="NotificationsConfigValidator"/>.</summary>
    public static RoutingConfiguration From(NotificationsOptions options)
    {
        var receivers = options.Receivers.ToDictionary(r => r.Name, r => new ReceiverInfo(r.Name,
            r.PagerDutyConfigs.Count + r.SlackConfigs.Count + r.WebhookConfigs.Count + r.EmailConfigs.Count > 0,
            r.PagerDutyConfigs.Any(c => c.SendResolved) || r.SlackConfigs.Any(c => c.SendResolved)
                || r.WebhookConfigs.Any(c => c.SendResolved) || r.EmailConfigs.Any(c => c.SendResolved)), StringComparer.Ordinal);
        var rules = options.InhibitRules.Select(InhibitionRule.From).ToList();
        if (NotificationsConfigValidator.IsEmpty(options))
        {
            return new RoutingConfiguration(options, null, null, rules, receivers);
        }
        var tree = RouteTree.Build(options.Route);
        var root = tree.Root;
        var security = new RouteNode(options.SecurityReceiver,
            [new LabelMatcher(AlertRuleStateMachine.AlertNameLabel, MatchOp.Equal, AlertSuppression.SecurityEventAlertName)],
            root.GroupBy, root.GroupByAll, root.Timings, @continue: false,
            key: $"{root.Key}/{{alertname=\"{AlertSuppression.SecurityEventAlertName}\"}}", children: []);
        return new RoutingConfiguration(options, tree, security, rules, receivers);
    }
}
