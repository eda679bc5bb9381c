using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Routing;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Notifications;

public sealed class RouteTreeTests
{
    private static readonly RouteTree Tree = RouteTree.Build(new RouteOptions
    {
        Receiver = "on-call",
        GroupBy = ["alertname"],
        Routes =
        [
            new RouteOptions { Matchers = ["severity=\"critical\""], Receiver = "pager", Continue = true, RepeatInterval = TimeSpan.FromHours(1) },
            new RouteOptions
            {
                Matchers = ["service=~\"ach-.*\""], Receiver = "payments", GroupBy = ["..."], GroupWait = TimeSpan.FromSeconds(10),
                Routes = [new RouteOptions { Matchers = ["severity=\"warning\""], Receiver = "payments-email" }],
            },
            new RouteOptions { Matchers = ["service=\"ach-svc\""], Receiver = "never-reached" },
        ],
    });

    [Fact]
    public void An_alert_no_child_matches_stays_at_the_root_with_the_defaults()
    {
        var route = Assert.Single(Tree.Match(Labels(("alertname", "X"), ("service", "api-gw"))));
        Assert.Equal("on-call", route.Receiver);
        Assert.Equal(RouteTimings.Default, route.Timings);
        Assert.Equal("{}", route.Key);
    }

    [Fact]
    public void Continue_lets_later_siblings_match_and_the_first_non_continuing_match_stops_the_walk()
    {
        var routes = Tree.Match(Labels(("alertname", "X"), ("severity", "critical"), ("service", "ach-svc")));
        Assert.Equal(["pager", "payments"], routes.Select(r => r.Receiver));
    }

    [Fact]
    public void The_deepest_matching_route_takes_the_alert_and_inherits_what_it_does_not_set()
    {
        var route = Assert.Single(Tree.Match(Labels(("alertname", "X"), ("severity", "warning"), ("service", "ach-svc"))));
        Assert.Equal("payments-email", route.Receiver);
        Assert.True(route.GroupByAll);
        Assert.Equal(TimeSpan.FromSeconds(10), route.Timings.GroupWait);
        Assert.Equal(TimeSpan.FromHours(4), route.Timings.RepeatInterval);
        Assert.Equal("{}/{service=~\"ach-.*\"}/{severity=\"warning\"}", route.Key);
    }

    [Fact]
    public void A_child_without_a_receiver_uses_its_parents()
    {
        var tree = RouteTree.Build(new RouteOptions
        {
            Receiver = "root",
            Routes = [new RouteOptions { Matchers = ["team=\"a\""], Receiver = "a", Routes = [new RouteOptions { Matchers = ["x=\"1\""] }] }],
        });
        Assert.Equal("a", Assert.Single(tree.Match(Labels(("team", "a"), ("x", "1")))).Receiver);
    }

    [Fact]
    public void Group_keys_are_in_Alertmanagers_format()
    {
        var route = Tree.Match(Labels(("alertname", "ACHLatencyHigh"), ("severity", "critical"), ("service", "x")))[0];
        var groupLabels = route.GroupLabels(Labels(("alertname", "ACHLatencyHigh"), ("severity", "critical"), ("service", "x")));
        Assert.Equal("{}/{severity=\"critical\"}:{alertname=\"ACHLatencyHigh\"}", route.GroupKey(groupLabels));
    }

    [Fact]
    public void Group_by_all_labels_makes_each_alert_its_own_group()
    {
        var route = Assert.Single(Tree.Match(Labels(("alertname", "A"), ("service", "ach-svc"), ("instance", "1"))));
        Assert.Equal(3, route.GroupLabels(Labels(("alertname", "A"), ("service", "ach-svc"), ("instance", "1"))).Count);
    }

    [Fact]
    public void Group_keys_match_what_Alertmanager_0_25_sent_its_webhook_for_the_same_route()
    {
        // Expected strings were read from the groupKey of a real Alertmanager 0.25's webhook payloads.
        var tree = RouteTree.Build(new RouteOptions
        {
            Receiver = "hook",
            GroupBy = ["alertname", "service"],
            Routes = [new RouteOptions { Matchers = ["severity=\"critical\"", "service=~\"ach-.*\""], Receiver = "hook", GroupBy = ["..."] }],
        });
        var critical = Labels(("alertname", "ACHLatencyHigh"), ("severity", "critical"), ("service", "ach-svc"));
        var route = Assert.Single(tree.Match(critical));
        Assert.Equal("{}/{service=~\"ach-.*\",severity=\"critical\"}:{alertname=\"ACHLatencyHigh\", service=\"ach-svc\", severity=\"critical\"}",
            route.GroupKey(route.GroupLabels(critical)));
        var quoted = Labels(("alertname", "Disk \"x\""), ("service", "gw"));
        var root = Assert.Single(tree.Match(quoted));
        Assert.Equal("{}:{alertname=\"Disk \\\"x\\\"\", service=\"gw\"}", root.GroupKey(root.GroupLabels(quoted)));
    }

    internal static LabelSet Labels(params (string Name, string Value)[] pairs) => LabelSet.From(pairs);
}
