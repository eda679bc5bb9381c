using System.Diagnostics;
using HmsOps.Core.Notifications.Routing;
using HmsOps.Core.Tests.TestSupport;

namespace HmsOps.Core.Tests.Notifications;

/// <summary>Our route matching against the real <c>amtool config routes test</c> (Alertmanager 0.25) on the same file.</summary>
public sealed class AmtoolRoutingDifferentialTests
{
    private const string Amtool = "/usr/bin/amtool";

    private const string Config = """
        route:
          receiver: default
          group_by: [alertname]
          routes:
            - matchers: ['severity="critical"']
              receiver: pager
              continue: true
            - matchers: ['service=~"ach-.*"', 'env!="staging"']
              receiver: payments
              routes:
                - match: {severity: warning}
                  receiver: payments-warn
                - match_re: {team: "db|storage"}
                  receiver: storage
                  continue: true
                - matchers: ['instance!~"canary.*"']
                  receiver: payments-prod
            - matchers: ['service="ach-svc"']
              receiver: unreachable-after-payments
            - match: {alertname: SecurityEvent}
              receiver: soc
            - matchers: ['severity=~"warning|info"', 'team=""']
              receiver: unowned
        receivers:
          - name: default
          - name: pager
          - name: payments
          - name: payments-warn
          - name: storage
          - name: payments-prod
          - name: unreachable-after-payments
          - name: soc
          - name: unowned
        """;

    public static TheoryData<string[]> LabelSets() => new()
    {
        new[] { "alertname=A" },
        new[] { "alertname=A", "severity=critical" },
        new[] { "alertname=A", "severity=critical", "service=ach-svc" },
        new[] { "alertname=A", "service=ach-svc", "env=staging" },
        new[] { "alertname=A", "service=ach-svc", "severity=warning" },
        new[] { "alertname=A", "service=ach-svc", "team=db" },
        new[] { "alertname=A", "service=ach-svc", "team=db", "instance=canary-1" },
        new[] { "alertname=A", "service=ach-svc", "instance=canary-1" },
        new[] { "alertname=A", "service=ach-gw", "severity=critical", "team=storage" },
        new[] { "alertname=SecurityEvent", "severity=critical" },
        new[] { "alertname=B", "severity=info" },
        new[] { "alertname=B", "severity=info", "team=x" },
        new[] { "alertname=B", "severity=warning", "service=claims-api" },
    };

    [Theory]
    [MemberData(nameof(LabelSets))]
    public void Route_matching_gives_the_receivers_amtool_gives(string[] labels)
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("alertmanager.yaml");
        File.WriteAllText(file, Config);
        var tree = RouteTree.Build(AlertmanagerConfigFile.Parse(file, Config).Route);
        var ours = tree.Match(RouteTreeTests.Labels(labels.Select(l => (l.Split('=')[0], l.Split('=')[1])).ToArray()))
            .Select(r => r.Receiver);
        Assert.Equal(RunAmtool(file, labels), string.Join(",", ours));
    }

    [Fact]
    public void The_shipped_example_routes_like_amtool()
    {
        var file = Path.Combine(Repository.Root(), "notifications.example.yaml");
        var tree = RouteTree.Build(AlertmanagerConfigFile.Parse(file, File.ReadAllText(file)).Route);
        foreach (var labels in new[]
        {
            new[] { "alertname=ACHLatencyHigh", "severity=critical", "service=ach-svc" },
            new[] { "alertname=X", "severity=warning", "service=claims-api" },
            new[] { "alertname=X", "severity=warning", "service=api-gw" },
            new[] { "alertname=SecurityEvent", "severity=critical" },
        })
        {
            var ours = tree.Match(RouteTreeTests.Labels(labels.Select(l => (l.Split('=')[0], l.Split('=')[1])).ToArray()));
            Assert.Equal(RunAmtool(file, labels), string.Join(",", ours.Select(r => r.Receiver)));
        }
    }

    private static string RunAmtool(string file, string[] labels)
    {
        var start = new ProcessStartInfo(Amtool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "config", "routes", "test", "--config.file=" + file }.Concat(labels))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"amtool failed: {error.Result}");
        return output.Result.Trim();
    }
}
