using HmsOps.Core.Dashboards;

namespace HmsOps.Core.Tests.Dashboards;

public sealed class TemplateInterpolatorTests
{
    private static readonly Dictionary<string, VariableValue> Variables = new(StringComparer.Ordinal)
    {
        ["single"] = new VariableValue(["api.gw"]),
        ["multi"] = new VariableValue(["a.b", "c"], Multi: true),
        ["all"] = new VariableValue(["x", "y"], Multi: true, IncludeAll: true, IsAll: true, AllValue: ".*"),
        ["allNoCustom"] = new VariableValue(["x", "y"], Multi: true, IncludeAll: true, IsAll: true),
        ["quoted"] = new VariableValue(["it's"]),
        ["__rate_interval"] = VariableValue.Raw("60s"),
        ["__interval"] = VariableValue.Raw("15s"),
        ["__interval_ms"] = VariableValue.Raw("15000"),
    };

    [Theory]
    [InlineData("up{job=\"$single\"}", "up{job=\"api.gw\"}")]
    [InlineData("up{job=\"${single}\"}", "up{job=\"api.gw\"}")]
    [InlineData("up{job=\"[[single]]\"}", "up{job=\"api.gw\"}")]
    [InlineData("up{job=~\"$multi\"}", "up{job=~\"(a\\\\.b|c)\"}")]
    [InlineData("up{job=~\"$all\"}", "up{job=~\".*\"}")]
    [InlineData("up{job=~\"$allNoCustom\"}", "up{job=~\"(x|y)\"}")]
    [InlineData("${multi:regex}", "(a\\.b|c)")]
    [InlineData("${multi:pipe}", "a.b|c")]
    [InlineData("${multi:csv}", "a.b,c")]
    [InlineData("[[multi:pipe]]", "a.b|c")]
    [InlineData("${multi:glob}", "{a.b,c}")]
    [InlineData("${multi:doublequote}", "\"a.b\",\"c\"")]
    [InlineData("x{l=\"$quoted\"}", "x{l=\"it\\'s\"}")]
    [InlineData("rate(x[$__rate_interval])", "rate(x[60s])")]
    [InlineData("$__interval_ms and $__interval", "15000 and 15s")]
    [InlineData("$unknown stays", "$unknown stays")]
    public void Variables_are_replaced_as_grafana_does_for_prometheus(string text, string expected)
    {
        Assert.Equal(expected, TemplateInterpolator.Interpolate(text, Variables));
    }

    [Fact]
    public void References_lists_every_variable_a_query_uses()
    {
        Assert.Equal(["job", "instance", "__rate_interval"],
            TemplateInterpolator.References("sum(rate(x{job=~\"$job\", instance=~\"${instance}\"}[$__rate_interval]))"));
    }
}
