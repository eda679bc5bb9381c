using HmsOps.Core.PromQL;
using HmsOps.Core.Alerting.Rules;

namespace HmsOps.Core.Tests.Alerting;

public sealed class RuleFileTests
{
    private const string File = "rules/x.yaml";
    private static readonly AlertingRulesOptions Options = new();

    private static RuleFileResult Parse(string yaml, AlertingRulesOptions? options = null) =>
        RuleFileParser.Parse(File, yaml, options ?? Options);

    [Fact]
    public void Valid_file_yields_every_group_and_rule_with_its_fields()
    {
        var result = Parse("""
            groups:
              - name: demo
                interval: 1m
                limit: 10
                rules:
                  - alert: ACHLatencyHigh
                    expr: histogram_quantile(0.95, rate(hms_ach_latency_seconds_bucket[5m])) > 5
                    for: 3m
                    keep_firing_for: 1h30m
                    labels:
                      severity: critical
                    annotations:
                      runbook: https://runbooks.gov/ops/ach_latency
              - name: recording
                rules:
                  - record: service:hms_http_requests:rate5m
                    expr: sum by (service) (rate(hms_http_requests_total[5m]))
                    labels:
                      __tier: demo
            """);

        Assert.True(result.IsOk, string.Join("\n", result.Errors));
        Assert.Equal(2, result.Groups.Count);
        var demo = result.Groups[0];
        Assert.Equal("demo", demo.Name);
        Assert.Equal(TimeSpan.FromMinutes(1), demo.Interval);
        Assert.Equal(10, demo.Limit);
        var alert = Assert.IsType<AlertingRule>(Assert.Single(demo.Rules));
        Assert.Equal("ACHLatencyHigh", alert.Name);
        Assert.Equal("histogram_quantile(0.95, rate(hms_ach_latency_seconds_bucket[5m])) > 5", alert.Expr);
        Assert.Equal(TimeSpan.FromMinutes(3), alert.For);
        Assert.Equal(TimeSpan.FromMinutes(90), alert.KeepFiringFor);
        Assert.Equal("critical", alert.Labels["severity"]);
        Assert.Equal("https://runbooks.gov/ops/ach_latency", alert.Annotations["runbook"]);
        var recording = result.Groups[1];
        Assert.Null(recording.Interval);
        Assert.Equal(0, recording.Limit);
        var record = Assert.IsType<RecordingRule>(Assert.Single(recording.Rules));
        Assert.Equal("service:hms_http_requests:rate5m", record.Name);
        Assert.Equal("demo", record.Labels["__tier"]);
    }

    [Fact]
    public void Shipped_demo_fleet_file_loads_with_the_seed_alert_verbatim()
    {
        var rulesDir = Path.Combine(RepositoryRoot(), "rules");

        var results = RuleDirectoryLoader.Load(rulesDir, Options);

        var demo = Assert.Single(results, r => r.File == "rules/demo-fleet.yaml");
        Assert.True(demo.IsOk, string.Join("\n", demo.Errors));
        var seed = demo.Groups.SelectMany(g => g.Rules).OfType<AlertingRule>().Single(r => r.Name == "ACHLatencyHigh");
        Assert.Equal("histogram_quantile(0.95, rate(hms_ach_latency_seconds_bucket[5m])) > 5", seed.Expr);
        Assert.Equal(TimeSpan.FromMinutes(3), seed.For);
        Assert.Equal("critical", seed.Labels["severity"]);
        Assert.Equal("https://runbooks.gov/ops/ach_latency", seed.Annotations["runbook"]);
        Assert.Contains(demo.Groups.SelectMany(g => g.Rules), r => r is RecordingRule);
    }

    [Fact]
    public void Empty_file_is_valid_and_has_no_groups()
    {
        var result = Parse("");

        Assert.True(result.IsOk);
        Assert.Empty(result.Groups);
    }

    private const string Header = "groups:\n  - name: demo\n    rules:\n";

    public static TheoryData<string, string> InvalidFiles => new()
    {
        {
            Header + "      - alert: A\n        expr: up\n      - alert: ACHLatencyHigh\n        expr: up\n        for: 3 minutes\n",
            "rules/x.yaml: group \"demo\", rule 2 (\"ACHLatencyHigh\"): for: not a valid duration \"3 minutes\""
        },
        {
            Header + "      - alert: A\n        expr: up\n        keep_firing_for: 5x\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"A\"): keep_firing_for: not a valid duration \"5x\""
        },
        {
            "groups:\n  - name: demo\n    interval: 1m1h\n    rules: []\n",
            "rules/x.yaml: group \"demo\": interval: not a valid duration \"1m1h\""
        },
        {
            "groups:\n  - name: demo\n    rules: []\n  - name: demo\n    rules: []\n",
            "rules/x.yaml: group \"demo\": name: repeated in the same file"
        },
        {
            "groups:\n  - name: \"\"\n    rules: []\n",
            "rules/x.yaml: group 1: name: must not be empty"
        },
        {
            Header + "      - alert: A\n        record: b\n        expr: up\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"A\"): only one of record and alert may be set"
        },
        {
            Header + "      - expr: up\n",
            "rules/x.yaml: group \"demo\", rule 1: one of record or alert must be set"
        },
        {
            Header + "      - record: 1bad-name\n        expr: up\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"1bad-name\"): record: invalid metric name \"1bad-name\""
        },
        {
            Header + "      - alert: A\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"A\"): expr: must be set"
        },
        {
            Header + "      - alert: A\n        expr: sum(rate(x[5m])\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"A\"): expr: "
        },
        {
            Header + "      - record: r\n        expr: up[5m]\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"r\"): expr: a recording rule must return an instant vector or scalar, not RangeVector"
        },
        {
            Header + "      - record: r\n        expr: up\n        for: 5m\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"r\"): for: only allowed on alerting rules"
        },
        {
            Header + "      - record: r\n        expr: up\n        keep_firing_for: 5m\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"r\"): keep_firing_for: only allowed on alerting rules"
        },
        {
            Header + "      - record: r\n        expr: up\n        annotations:\n          summary: s\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"r\"): annotations: only allowed on alerting rules"
        },
        {
            Header + "      - alert: A\n        expr: up\n        labels:\n          __name__: x\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"A\"): labels: invalid label name \"__name__\""
        },
        {
            Header + "      - alert: A\n        expr: up\n        labels:\n          bad-label: x\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"A\"): labels: invalid label name \"bad-label\""
        },
        {
            Header + "      - alert: A\n        expr: up\n        annotations:\n          9lives: x\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"A\"): annotations: invalid annotation name \"9lives\""
        },
        {
            Header + "      - alert: A\n        expr: up\n        severity: critical\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"A\"): field severity not found in type rulefmt.RuleNode"
        },
        {
            "groups:\n  - name: demo\n    evaluation: 1m\n    rules: []\n",
            "rules/x.yaml: group \"demo\": field evaluation not found in type rulefmt.RuleGroup"
        },
        {
            "group:\n  - name: demo\n",
            "rules/x.yaml: field group not found in type rulefmt.RuleGroups"
        },
        {
            "groups:\n  - name: demo\n    limit: -1\n    rules: []\n",
            "rules/x.yaml: group \"demo\": limit: not a non-negative integer \"-1\""
        },
        {
            Header + "      - alert: A\n        expr: [up]\n",
            "rules/x.yaml: group \"demo\", rule 1 (\"A\"): expr: must be a single value, not a list or mapping"
        },
        {
            Header + "      - alert: A\n        alert: B\n        expr: up\n",
            "rules/x.yaml: invalid YAML at line"
        },
        {
            "groups: [\n",
            "rules/x.yaml: invalid YAML at line"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Invalid_file_is_rejected_whole_with_an_error_naming_file_group_rule_and_field(string yaml, string expected)
    {
        var result = Parse(yaml);

        Assert.False(result.IsOk);
        Assert.Empty(result.Groups);
        Assert.Contains(result.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_error_text_is_included_in_the_expr_error()
    {
        var result = Parse(Header + "      - alert: A\n        expr: sum(rate(x[5m])\n");

        var error = Assert.Single(result.Errors);
        Assert.True(error.Length > "rules/x.yaml: group \"demo\", rule 1 (\"A\"): expr: ".Length + 5, error);
    }

    [Fact]
    public void One_bad_rule_discards_the_whole_file_and_every_error_is_reported()
    {
        var result = Parse(Header + "      - alert: Good\n        expr: up\n      - alert: Bad\n        expr: up\n        for: soon\n        labels:\n          a-b: c\n");

        Assert.Empty(result.Groups);
        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void Rules_per_group_beyond_the_bound_are_rejected()
    {
        var result = Parse(Header + "      - alert: A\n        expr: up\n      - alert: B\n        expr: up\n",
            new AlertingRulesOptions { MaxRulesPerGroup = 1 });

        Assert.Equal("rules/x.yaml: group \"demo\": rules: 2 rules exceed the limit of 1", Assert.Single(result.Errors));
    }

    [Fact]
    public void Files_beyond_the_bound_are_rejected()
    {
        var dir = Directory.CreateTempSubdirectory("rules-");
        try
        {
            System.IO.File.WriteAllText(Path.Combine(dir.FullName, "a.yaml"), "groups: []\n");
            System.IO.File.WriteAllText(Path.Combine(dir.FullName, "b.yml"), "groups: []\n");
            System.IO.File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "not a rule file");

            Assert.Equal(2, RuleDirectoryLoader.Load(dir.FullName, Options).Count);
            var capped = Assert.Single(RuleDirectoryLoader.Load(dir.FullName, new AlertingRulesOptions { MaxFiles = 1 }));
            Assert.Contains("2 rule files exceed the limit of 1", Assert.Single(capped.Errors));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1ms", 1)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1y2w3d", 31_536_000_000 + 1_209_600_000 + 259_200_000)]
    [InlineData("5m30s100ms", 330_100)]
    public void Durations_follow_prometheus_syntax(string text, long expectedMs)
    {
        Assert.True(PromDuration.TryParse(text, out var duration));
        Assert.Equal(expectedMs, (long)duration.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("1.5m")]
    [InlineData("30s1m")]
    [InlineData("1m1m")]
    [InlineData("-5m")]
    public void Durations_outside_prometheus_syntax_are_rejected(string text) =>
        Assert.False(PromDuration.TryParse(text, out _));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "HmsOps.Console.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
