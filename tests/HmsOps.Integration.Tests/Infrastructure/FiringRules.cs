namespace HmsOps.Integration.Tests.Infrastructure;

/// <summary>
/// A rules folder for a console whose alerts must fire on their own (rules such as <c>expr: vector(1)</c> in one group
/// evaluated every second) and page a PagerDuty loopback within a couple of seconds. Deleted on dispose.
/// </summary>
public sealed class FiringRules : IDisposable
{
    private FiringRules(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>Writes <paramref name="rules"/> (the group's <c>rules:</c> items, unindented) as the folder's only rule file.</summary>
    public static async Task<FiringRules> WriteAsync(string rules)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hmsops-rules-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var items = string.Join('\n', rules.Split('\n').Select(line => "      " + line));
        await File.WriteAllTextAsync(Path.Combine(directory, "always.yaml"), $"""
            groups:
              - name: always
                interval: 1s
                rules:
            {items}

            """);
        return new FiringRules(directory);
    }

    /// <summary>No demo fleet, these rules, notification groups sent after a second, and receiver 1 paging PagerDuty.</summary>
    public Dictionary<string, string> PagingSettings(string pagerDutyUrl, string routingKey) => new()
    {
        ["Demo:Enabled"] = "false",
        ["Alerting:Rules:Directory"] = Directory,
        ["Notifications:Route:GroupWait"] = "00:00:01",
        ["Notifications:Route:GroupInterval"] = "00:00:02",
        ["Notifications:Receivers:1:PagerDutyConfigs:0:RoutingKey"] = routingKey,
        ["Notifications:Receivers:1:PagerDutyConfigs:0:Url"] = pagerDutyUrl,
    };

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
