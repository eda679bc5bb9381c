using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Routing;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace HmsOps.Core.Tests.Notifications;

public sealed class RoutingReloadTests
{
    private const string First = """
        route:
          receiver: on-call
          group_by: [alertname]
        receivers: [{name: on-call, webhook_configs: [{url: "http://127.0.0.1:9/a"}]}, {name: soc}]
        """;

    private const string Second = """
        route:
          receiver: on-call
          group_by: [alertname]
          routes: [{matchers: ['team="db"'], receiver: db}]
        receivers:
          - {name: on-call, webhook_configs: [{url: "http://127.0.0.1:9/a"}]}
          - {name: db, webhook_configs: [{url: "http://127.0.0.1:9/db"}]}
          - {name: soc}
        inhibit_rules: [{source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"']}]
        """;

    [Fact]
    public void A_changed_file_takes_effect_and_a_bad_change_keeps_the_previous_routing()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("am.yaml");
        var logger = new ListLogger<RoutingConfigurationSource>();
        var source = Load(file, First, logger);
        Assert.False(source.ReloadIfChanged());

        Write(file, Second, 1);
        Assert.True(source.ReloadIfChanged());
        Assert.Equal("db", Assert.Single(source.Current.Tree!.Match(RouteTreeTests.Labels(("team", "db")))).Receiver);
        Assert.Single(source.Rules);

        Write(file, Second.Replace("receiver: db", "receiver: nobody", StringComparison.Ordinal) + "\n", 2);
        Assert.False(source.ReloadIfChanged());
        Assert.Equal("db", Assert.Single(source.Current.Tree!.Match(RouteTreeTests.Labels(("team", "db")))).Receiver);
        var error = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("route.routes[0].receiver: receiver 'nobody' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_reload_groups_start_over_without_paging_again_and_new_alerts_take_the_new_routes()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("am.yaml");
        var source = Load(file, First, new ListLogger<RoutingConfigurationSource>());
        using var h = new DispatchHarness(routing: source);
        h.Fire(("alertname", "DbDown"), ("team", "db"));
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["on-call"], h.Outbox.Accepted.Select(n => n.Receiver));

        Write(file, Second, 1);
        Assert.True(source.ReloadIfChanged());
        h.Fire(("alertname", "Other"));
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        // DbDown now routes to db (a new group there, so db hears of it); on-call is not paged again for it.
        Assert.Equal(["db", "on-call", "on-call"], h.Outbox.Accepted.Select(n => n.Receiver).Order());
        Assert.Single(h.Outbox.To("on-call"), n => n.GroupLabels.Get("alertname") == "Other");
    }

    private static RoutingConfigurationSource Load(string file, string yaml, ILogger<RoutingConfigurationSource> logger)
    {
        Write(file, yaml, 0);
        var options = new NotificationsOptions { ConfigFile = file };
        AlertmanagerConfigFile.Apply(file, options);
        return new RoutingConfigurationSource(options, file, logger);
    }

    // Explicit write times: two writes within the file system's timestamp granularity must still look changed.
    private static void Write(string file, string yaml, int minutes)
    {
        File.WriteAllText(file, yaml);
        File.SetLastWriteTimeUtc(file, new DateTime(2026, 1, 1, 0, minutes, 0, DateTimeKind.Utc));
    }
}
