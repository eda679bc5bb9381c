using System.Text;
using System.Text.Json;
using HmsOps.Core.Alerting.Evaluation;

namespace HmsOps.Core.Tests.Alerting.Evaluation;

public sealed class RulesApiWriterTests
{
    [Theory]
    [InlineData(42, "4.2e+01")]
    [InlineData(1, "1e+00")]
    [InlineData(0.5, "5e-01")]
    [InlineData(1234.5678, "1.2345678e+03")]
    [InlineData(-0.001, "-1e-03")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void Alert_value_is_written_as_go_shortest_exponent_text(double value, string expected) =>
        Assert.Equal(expected, HmsOps.Core.Alerting.Templating.GoNumberFormat.ShortestExponent(value));

    [Fact]
    public void Query_is_one_line_with_string_literals_left_as_written()
    {
        Assert.Equal("sum by (service) (rate(x{code=~\"5  ..\"}[5m])) / sum(y) > 0.05",
            RulesApiWriter.QueryText("sum by (service) (rate(x{code=~\"5  ..\"}[5m]))\n  / sum(y)\n  > 0.05\n"));
        Assert.Equal("x{a='b \\' c'} or y", RulesApiWriter.QueryText("x{a='b \\' c'}\nor\n   y"));
    }

    [Fact]
    public void Times_are_rfc3339_utc_without_trailing_zeros_and_never_evaluated_is_go_zero_time()
    {
        Assert.Equal("2026-11-25T12:00:00Z", RulesApiWriter.FormatTime(new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.FromHours(1))));
        Assert.Equal("2026-11-25T12:00:00.25Z", RulesApiWriter.FormatTime(new DateTimeOffset(2026, 11, 25, 12, 0, 0, 250, TimeSpan.Zero)));
        Assert.Equal("0001-01-01T00:00:00Z", RulesApiWriter.FormatTime(null));
    }

    [Fact]
    public void Rules_and_alerts_list_only_active_alerts_and_filter_by_type()
    {
        var h = new RuleEvaluatorHarness();
        h.Load("""
            groups:
              - name: g
                rules:
                  - record: r
                    expr: vector(1)
                  - alert: A
                    expr: x > 1
                    for: 1m
                    labels:
                      severity: critical
        """);
        h.Set("x", 3, ("instance", "a"));
        h.Evaluate();

        var all = Write(w => RulesApiWriter.WriteRules(w, h.Evaluator.Groups, RuleTypeFilter.All));
        var alertsOnly = Write(w => RulesApiWriter.WriteRules(w, h.Evaluator.Groups, RuleTypeFilter.Alert));
        var alerts = Write(w => RulesApiWriter.WriteAlerts(w, h.Evaluator.Groups));

        var rules = all.GetProperty("data").GetProperty("groups")[0].GetProperty("rules");
        Assert.Equal(["recording", "alerting"], rules.EnumerateArray().Select(r => r.GetProperty("type").GetString()));
        var alerting = rules[1];
        Assert.Equal("pending", alerting.GetProperty("state").GetString());
        Assert.Equal(60, alerting.GetProperty("duration").GetDouble());
        Assert.Equal("3e+00", alerting.GetProperty("alerts")[0].GetProperty("value").GetString());
        Assert.Equal("2026-11-25T12:00:00Z", alerting.GetProperty("alerts")[0].GetProperty("activeAt").GetString());
        Assert.False(rules[0].TryGetProperty("labels", out _));
        Assert.Single(alertsOnly.GetProperty("data").GetProperty("groups")[0].GetProperty("rules").EnumerateArray());
        Assert.Equal("critical", alerts.GetProperty("data").GetProperty("alerts")[0].GetProperty("labels").GetProperty("severity").GetString());
    }

    private static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray())).RootElement.Clone();
    }
}
