using HmsOps.Core.Alerting.Templating;

namespace HmsOps.Core.Tests.Alerting;

/// <summary>Expected outputs are Prometheus 2.42's (template/template_test.go and Go's fmt).</summary>
public sealed class AlertTemplateTests
{
    private static TemplateResult Expand(string text, double value = 0, string? external = null) =>
        AlertTemplate.Expand(
            "__alert_Test",
            text,
            new TemplateData(
                new Dictionary<string, string> { ["instance"] = "db-1:9100", ["service"] = "ach-svc", ["bytes"] = "1048576" },
                value,
                external is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["cluster"] = external }));

    private static string Text(string text, double value = 0)
    {
        var result = Expand(text, value);
        Assert.Null(result.Error);
        return result.Text;
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(1234567, "1.235M")]
    [InlineData(0.12, "120m")]
    [InlineData(-1234, "-1.234k")]
    [InlineData(0.00001, "10u")]
    [InlineData(1e-15, "1f")]
    [InlineData(1e27, "1000Y")] // %.4g prints 1000 without an exponent, as Go
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void Humanize_uses_si_prefixes(double value, string expected) =>
        Assert.Equal(expected, Text("{{ humanize $value }}", value));

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(1048576, "1Mi")]
    [InlineData(0.12, "0.12")]
    [InlineData(1536, "1.5ki")]
    public void Humanize1024_uses_binary_prefixes(double value, string expected) =>
        Assert.Equal(expected, Text("{{ $value | humanize1024 }}", value));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1, "1s")]
    [InlineData(60, "1m 0s")]
    [InlineData(90, "1m 30s")]
    [InlineData(3600, "1h 0m 0s")]
    [InlineData(86400, "1d 0h 0m 0s")]
    [InlineData(90000, "1d 1h 0m 0s")]
    [InlineData(-93600, "-1d 2h 0m 0s")]
    [InlineData(899.99, "14m 59s")]
    [InlineData(0.1, "100ms")]
    [InlineData(0.0001, "100us")]
    [InlineData(0.12345, "123.5ms")]
    [InlineData(1.2345, "1.234s")]
    [InlineData(12.345, "12.35s")]
    public void HumanizeDuration_formats_like_prometheus(double value, string expected) =>
        Assert.Equal(expected, Text("{{ humanizeDuration $value }}", value));

    [Theory]
    [InlineData(0, "0%")]
    [InlineData(0.1234567, "12.35%")]
    [InlineData(1, "100%")]
    [InlineData(1.5, "150%")]
    public void HumanizePercentage_scales_by_a_hundred(double value, string expected) =>
        Assert.Equal(expected, Text("{{ $value | humanizePercentage }}", value));

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(100000, "100000")]
    [InlineData(1234567, "1.234567e+06")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(3, "3")]
    public void Value_prints_as_go_prints_a_float64(double value, string expected) =>
        Assert.Equal(expected, Text("{{ $value }}", value));

    [Theory]
    [InlineData("{{ printf \"%.2f\" $value }}", "3.14")]
    [InlineData("{{ $value | printf \"%.1f%%\" }}", "3.1%")]
    [InlineData("{{ printf \"%s is %.3g\" $labels.service $value }}", "ach-svc is 3.14")]
    [InlineData("{{ printf \"%8.2f|%-6s|\" $value \"x\" }}", "    3.14|x     |")]
    [InlineData("{{ printf \"%d\" $value }}", "%!d(float64=3.14159)")]
    [InlineData("{{ printf \"%s %s\" $labels.service }}", "ach-svc %!s(MISSING)")]
    [InlineData("{{ printf \"%d items\" 42 }}", "42 items")]
    [InlineData("{{ printf \"%.2f\" 2.675 }}", "2.67")] // the double just below 2.675, rounded exactly as Go does
    public void Printf_follows_go_fmt(string template, string expected) =>
        Assert.Equal(expected, Text(template, 3.14159));

    [Theory]
    [InlineData("{{ $labels.instance }} down", "db-1:9100 down")]
    [InlineData("{{ .Labels.service }}/{{ .Value }}", "ach-svc/2")]
    [InlineData("{{ $labels.missing }}|", "|")]
    [InlineData("{{ $labels.bytes | humanize1024 }}B", "1MiB")]
    [InlineData("{{ humanize \"2500\" }}", "2.5k")]
    [InlineData("a  {{- $value -}}  b", "a2b")]
    [InlineData("{{/* why */}}x", "x")]
    [InlineData("{{ \"}}\" }}", "}}")]
    [InlineData("{{ $labels.service | toUpper }}", "ACH-SVC")]
    [InlineData("plain text", "plain text")]
    [InlineData("{{ printf \"%.3g\" 3.14159 }}|{{ 0.00001 }}", "3.14|1e-05")]
    public void Labels_values_literals_and_pipes_expand(string template, string expected) =>
        Assert.Equal(expected, Text(template, 2));

    [Fact]
    public void External_labels_are_available()
    {
        var result = Expand("{{ $externalLabels.cluster }}", external: "prod-eu");
        Assert.Equal("prod-eu", result.Text);
    }

    // Messages as Prometheus 2.42 produced them at runtime (checked with promtool test rules); columns on
    // line 1 count Prometheus's 112-character variable preamble.
    [Theory]
    [InlineData("{{ humanize $labels.service }}",
        "error executing template __alert_Test: template: __alert_Test:1:115: executing \"__alert_Test\" at <humanize $labels.service>: error calling humanize: strconv.ParseFloat: parsing \"ach-svc\": invalid syntax")]
    [InlineData("line\n{{ $value.x }}",
        "error executing template __alert_Test: template: __alert_Test:2:9: executing \"__alert_Test\" at <$value.x>: can't evaluate field x in type float64")]
    [InlineData("{{ nope $value }}", "error parsing template __alert_Test: template: __alert_Test:1: function \"nope\" not defined")]
    [InlineData("{{ $labels.service", "error parsing template __alert_Test: template: __alert_Test:1: unclosed action")]
    [InlineData("{{ $foo }}", "error parsing template __alert_Test: template: __alert_Test:1: undefined variable \"$foo\"")]
    [InlineData("{{ if $value }}x{{ end }}", "error parsing template __alert_Test: template: __alert_Test:1: \"if\" is not supported in alert templates")]
    public void Errors_replace_the_text_as_prometheus_does(string template, string message)
    {
        var result = Expand(template, 1);
        Assert.Equal(message, result.Error);
        Assert.Equal($"<error expanding template: {result.Error}>", result.Text);
    }
}
