using HmsOps.Core.Runbooks;

namespace HmsOps.Core.Tests.Runbooks;

public sealed class RunbookParserTests
{
    private const string Good = """
        ---
        title: ACH payment latency high
        alerts: [ACHLatencyHigh]
        services:
          - ach-svc
        owner: payments-oncall
        ---

        # ACH payment latency high
        """;

    [Fact]
    public void Front_matter_and_body_are_read()
    {
        var runbook = RunbookParser.Parse("sub/ach_latency.md", Good);

        Assert.Equal("ach_latency", runbook.Name);
        Assert.Equal("sub/ach_latency.md", runbook.RelativePath);
        Assert.Equal("ACH payment latency high", runbook.Title);
        Assert.Equal(["ACHLatencyHigh"], runbook.Alerts);
        Assert.Equal(["ach-svc"], runbook.Services);
        Assert.Equal("payments-oncall", runbook.Owner);
        Assert.Equal("# ACH payment latency high", runbook.Body);
        Assert.Contains("<h1 id=\"ach-payment-latency-high\">", runbook.ToHtml(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# no front matter", "front matter", "must start with")]
    [InlineData("---\ntitle: x\nowner: y\nalerts: [A]\n", "front matter", "no closing")]
    [InlineData("---\ntitle: [unclosed\n---\n", "front matter", "invalid YAML")]
    [InlineData("---\n- a list\n---\n", "front matter", "mapping")]
    [InlineData("---\nowner: y\nalerts: [A]\n---\n", "title", "is required")]
    [InlineData("---\ntitle: \"  \"\nowner: y\nalerts: [A]\n---\n", "title", "non-empty")]
    [InlineData("---\ntitle: x\nalerts: [A]\n---\n", "owner", "is required")]
    [InlineData("---\ntitle: x\nowner: y\nalerts: ACHLatencyHigh\n---\n", "alerts", "must be a list")]
    [InlineData("---\ntitle: x\nowner: y\nalerts: [A, [B]]\n---\n", "alerts", "every item")]
    [InlineData("---\ntitle: x\nowner: y\nservices: {a: b}\n---\n", "services", "must be a list")]
    [InlineData("---\ntitle: x\nowner: y\n---\n", "alerts", "at least one alert or service")]
    [InlineData("---\ntitle: x\nowner: y\nalert: [A]\n---\n", "alert", "unknown field")]
    public void Bad_front_matter_names_the_file_and_the_field(string text, string field, string problem)
    {
        var error = Assert.Throws<RunbookFormatException>(() => RunbookParser.Parse("bad.md", text));

        Assert.Equal("bad.md", error.File);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"bad.md: {field}: ", error.Message, StringComparison.Ordinal);
    }
}
