using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Routing;
using HmsOps.Core.Tests.TestSupport;

namespace HmsOps.Core.Tests.Notifications;

public sealed class NotificationsConfigTests
{
    [Fact]
    public void An_Alertmanager_file_maps_into_the_options_model()
    {
        var options = AlertmanagerConfigFile.Parse("am.yaml", """
            route:
              receiver: on-call
              group_by: [alertname]
              group_wait: 10s
              repeat_interval: 2h
              routes:
                - match: {severity: critical}
                  match_re: {service: "ach-.*"}
                  matchers: ['team!="x"']
                  receiver: pager
                  continue: true
            receivers:
              - name: on-call
              - name: pager
                pagerduty_configs: [{routing_key: k1, send_resolved: false}]
                slack_configs: [{api_url: "https://hooks/x", channel: "#c", send_resolved: true}]
                webhook_configs:
                  - url: http://127.0.0.1:1/hook
                    max_alerts: 5
                    http_config: {authorization: {credentials: tok}}
                email_configs: [{to: a@b, from: c@d, smarthost: "smtp:25", auth_username: u, auth_password: p, require_tls: false}]
            inhibit_rules:
              - source_match: {severity: critical}
                target_matchers: ['severity="warning"']
                equal: [service]
            """);
        Assert.Equal("on-call", options.Route.Receiver);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Route.GroupWait);
        Assert.Equal(TimeSpan.FromHours(2), options.Route.RepeatInterval);
        Assert.Null(options.Route.GroupInterval);
        var child = Assert.Single(options.Route.Routes);
        Assert.Equal(["severity=\"critical\"", "service=~\"ach-.*\"", "team!=\"x\""], child.Matchers);
        Assert.True(child.Continue);
        var pager = options.Receivers[1];
        Assert.Equal("k1", pager.PagerDutyConfigs[0].RoutingKey);
        Assert.False(pager.PagerDutyConfigs[0].SendResolved);
        Assert.Equal("#c", pager.SlackConfigs[0].Channel);
        Assert.Equal("tok", pager.WebhookConfigs[0].BearerToken);
        Assert.Equal(5, pager.WebhookConfigs[0].MaxAlerts);
        Assert.False(pager.EmailConfigs[0].RequireTls);
        Assert.Equal("smtp:25", pager.EmailConfigs[0].Smarthost);
        Assert.Equal(["severity=\"critical\""], options.InhibitRules[0].SourceMatchers);
        Assert.Empty(NotificationsConfigValidator.Validate(WithSoc(options), "am.yaml"));
    }

    [Fact]
    public void An_unknown_key_is_an_error_naming_the_line_and_the_key()
    {
        var e = Assert.Throws<FormatException>(() => AlertmanagerConfigFile.Parse("am.yaml", """
            route:
              receiver: on-call
              group_wiat: 10s
            """));
        Assert.Equal("am.yaml: line 3, column 3: unknown key 'group_wiat'", e.Message);
    }

    [Fact]
    public void Global_smtp_slack_and_pagerduty_defaults_fill_receivers_that_leave_them_out()
    {
        var options = AlertmanagerConfigFile.Parse("am.yaml", """
            global:
              resolve_timeout: 5m
              smtp_from: ops@example.gov
              smtp_smarthost: smtp.example.gov:587
              smtp_auth_username: ops
              smtp_auth_password: secret
              smtp_require_tls: false
              slack_api_url: https://hooks.example/x
              pagerduty_url: http://127.0.0.1:9/enqueue
            route: {receiver: r}
            receivers:
              - name: r
                email_configs: [{to: a@example.gov}, {to: b@example.gov, from: other@example.gov}]
                slack_configs: [{channel: "#c"}]
                pagerduty_configs: [{routing_key: k}]
            """);
        var r = options.Receivers[0];
        Assert.Equal(("ops@example.gov", "smtp.example.gov:587", "ops", "secret", false),
            (r.EmailConfigs[0].From, r.EmailConfigs[0].Smarthost, r.EmailConfigs[0].AuthUsername, r.EmailConfigs[0].AuthPassword, r.EmailConfigs[0].RequireTls));
        Assert.Equal("other@example.gov", r.EmailConfigs[1].From);
        Assert.Equal("https://hooks.example/x", r.SlackConfigs[0].ApiUrl);
        Assert.Equal("http://127.0.0.1:9/enqueue", r.PagerDutyConfigs[0].Url);
    }

    [Fact]
    public void A_bad_duration_names_its_key()
    {
        var e = Assert.Throws<FormatException>(() => AlertmanagerConfigFile.Parse("am.yaml", """
            route:
              receiver: on-call
              routes: [{receiver: on-call, group_interval: 5 minutes}]
            """));
        Assert.Equal("am.yaml: route.routes[0].group_interval: '5 minutes' is not a duration (e.g. 30s, 5m, 4h)", e.Message);
    }

    [Fact]
    public void Validation_lists_every_error_by_appsettings_key()
    {
        var options = new NotificationsOptions
        {
            SecurityReceiver = "soc",
            Route = new RouteOptions
            {
                Matchers = ["a=\"b\""],
                Routes =
                [
                    new RouteOptions { Receiver = "ghost", Matchers = ["bad matcher"], GroupInterval = TimeSpan.Zero },
                    new RouteOptions { Receiver = "x", GroupBy = ["...", "service"], RepeatInterval = TimeSpan.FromSeconds(-1) },
                ],
            },
            Receivers = [new ReceiverOptions { Name = "x" }, new ReceiverOptions { Name = "x" }],
            InhibitRules = [new InhibitRuleOptions { SourceMatchers = ["x=~\"(\""] }],
        };
        var errors = NotificationsConfigValidator.Validate(options, fromFile: null);
        Assert.Equal(
        [
            "Notifications:Receivers:1:Name: receiver 'x' is defined more than once",
            "Notifications:Route:Receiver: the root route must have a receiver",
            "Notifications:Route:Matchers: the root route must not have any matchers",
            "Notifications:Route:Routes:0:Receiver: receiver 'ghost' does not exist",
            "Notifications:Route:Routes:0:Matchers:0: matcher 'bad matcher': expected one of = != =~ !~ after 'bad'",
            "Notifications:Route:Routes:0:GroupInterval must be more than 0",
            "Notifications:Route:Routes:1:GroupBy: '...' groups by every label and cannot be combined with other labels",
            "Notifications:Route:Routes:1:RepeatInterval must be more than 0",
            "Notifications:SecurityReceiver: receiver 'soc' does not exist",
        ], errors.Take(9));
        Assert.StartsWith("Notifications:InhibitRules:0:SourceMatchers:0: matcher 'x=~\"(\"': invalid regular expression", errors[9], StringComparison.Ordinal);
        Assert.Equal(10, errors.Count);
    }

    [Fact]
    public void Validation_of_a_file_names_the_file_and_its_yaml_keys()
    {
        var options = AlertmanagerConfigFile.Parse("am.yaml", """
            route:
              receiver: on-call
              routes: [{receiver: nobody}]
            receivers: [{name: on-call}]
            """);
        Assert.Equal(
            ["am.yaml: route.routes[0].receiver: receiver 'nobody' does not exist", "Notifications:SecurityReceiver: receiver 'soc' does not exist"],
            NotificationsConfigValidator.Validate(options, "am.yaml"));
    }

    [Fact]
    public void Nothing_configured_is_valid_and_routes_nothing()
    {
        var options = new NotificationsOptions();
        Assert.Empty(NotificationsConfigValidator.Validate(options, null));
        Assert.Null(RoutingConfiguration.From(options).Tree);
    }

    [Fact]
    public void The_shipped_example_file_is_valid()
    {
        var root = Repository.Root();
        var options = new NotificationsOptions();
        AlertmanagerConfigFile.Apply(Path.Combine(root, "notifications.example.yaml"), options);
        Assert.Empty(NotificationsConfigValidator.Validate(options, "notifications.example.yaml"));
        Assert.Equal("REPLACE-WITH-SOC-TOKEN", options.Receivers.Single(r => r.Name == "soc").WebhookConfigs[0].BearerToken);
    }

    [Fact]
    public void A_config_file_replaces_the_appsettings_route_and_an_unreadable_one_is_reported()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("am.yaml"), "route: {receiver: soc}\nreceivers: [{name: soc}]\n");
        var setup = new NotificationsOptionsSetup(dir.Path);
        var options = new NotificationsOptions { ConfigFile = "am.yaml", Route = new RouteOptions { Receiver = "old" } };
        setup.PostConfigure(null, options);
        Assert.Equal("soc", options.Route.Receiver);
        Assert.True(new NotificationsOptionsValidator(setup).Validate(null, options).Succeeded);

        var missing = new NotificationsOptions { ConfigFile = "missing.yaml" };
        setup.PostConfigure(null, missing);
        var result = new NotificationsOptionsValidator(setup).Validate(null, missing);
        Assert.True(result.Failed);
        Assert.StartsWith("Notifications:ConfigFile: " + dir.Combine("missing.yaml") + ": cannot be read", result.FailureMessage, StringComparison.Ordinal);
    }

    private static NotificationsOptions WithSoc(NotificationsOptions options)
    {
        options.SecurityReceiver = "on-call";
        return options;
    }
}

internal static class Repository
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HmsOps.Console.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
