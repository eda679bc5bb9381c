using Bunit;
using HmsOps.Console.Alerting;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Evaluation;
using HmsOps.Core.Alerting.Rules;
using HmsOps.Core.Metrics;
using HmsOps.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using RulesPage = HmsOps.Console.Components.Pages.Rules;

namespace HmsOps.Components.Tests.Pages;

public sealed class RulesPageTests : MudComponentTest
{
    private const string GoodFile = """
        groups:
          - name: latency
            interval: 30s
            rules:
              - alert: ACHLatencyHigh
                expr: ach_latency_seconds > 5
                for: 3m
                labels:
                  severity: critical
              - record: service:latency:max
                expr: max by (service) (ach_latency_seconds)
        """;

    private readonly RuleEvaluator _evaluator;
    private readonly TimeSeriesStore _store;

    public RulesPageTests()
    {
        var metrics = new MetricsOptions();
        _store = new TimeSeriesStore(metrics);
        _evaluator = new RuleEvaluator(_store, metrics, new RuleEvaluationOptions(), new AlertBook(Time, new AlertBookOptions()), Time);
        Ctx.Services.AddSingleton(_evaluator);
        // Resolved at first render, so each test can say which source the console runs on.
        Ctx.Services.AddSingleton(_ => new RuleEvaluationMode(_evaluates, "/srv/rules"));
    }

    private bool _evaluates = true;

    private static RuleFileResult Parse(string name, string yaml) => RuleFileParser.Parse(name, yaml, new AlertingRulesOptions());

    [Fact]
    public void Lists_each_rule_with_its_expression_for_labels_state_and_health()
    {
        _evaluator.Load([Parse("rules/fleet.yaml", GoodFile)]);
        _store.Apply([new(LabelSet.From(("__name__", "ach_latency_seconds"), ("service", "ach-svc")), false, 7, Time.GetUtcNow().ToUnixTimeMilliseconds())], 0);
        _evaluator.EvaluateDue(CancellationToken.None);

        var page = Ctx.Render<RulesPage>();

        var row = page.Find("[data-testid='rule-row-ACHLatencyHigh']");
        Assert.Contains("ach_latency_seconds > 5", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("3m", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("severity=critical", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("pending (1)", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("ok", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("every 30s", page.Markup, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid='rule-row-service:latency:max']"));
        Assert.Empty(page.FindAll("[data-testid='rule-file-problem']"));
    }

    [Fact]
    public void An_invalid_file_is_shown_in_red_with_its_errors_and_its_previous_version_still_listed()
    {
        _evaluator.Load([Parse("rules/fleet.yaml", GoodFile)]);
        _evaluator.Load([Parse("rules/fleet.yaml", GoodFile.Replace("for: 3m", "for: soon"))]);

        var page = Ctx.Render<RulesPage>();

        var problem = page.Find("[data-testid='rule-file-problem']");
        Assert.Contains("previous good version stays in force", problem.TextContent, StringComparison.Ordinal);
        Assert.Contains("for: not a valid duration \"soon\"", problem.TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-alert-text-error", problem.OuterHtml + string.Join(" ", problem.QuerySelectorAll("*").Select(e => e.ClassName)), StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid='rule-row-ACHLatencyHigh']"));
    }

    [Fact]
    public void With_prometheus_as_the_source_the_page_says_prometheus_evaluates()
    {
        _evaluates = false;

        var page = Ctx.Render<RulesPage>();

        Assert.Contains("the real Prometheus evaluates", page.Find("[data-testid='rules-prometheus']").TextContent, StringComparison.Ordinal);
    }
}
