using HmsOps.Core.Alerting.Matchers;
using HmsOps.Core.PromQL;

namespace HmsOps.Core.Tests.Alerting.Book;

public sealed class MatcherParserTests
{
    [Theory]
    [InlineData("severity=\"critical\"", "severity", MatchOp.Equal, "critical")]
    [InlineData("severity = critical", "severity", MatchOp.Equal, "critical")]
    [InlineData("service!=\"ach-svc\"", "service", MatchOp.NotEqual, "ach-svc")]
    [InlineData("service=~\"ach-.*\"", "service", MatchOp.Regex, "ach-.*")]
    [InlineData("team!~ops|soc", "team", MatchOp.NotRegex, "ops|soc")]
    [InlineData("msg=\"say \\\"hi\\\"\"", "msg", MatchOp.Equal, "say \"hi\"")]
    [InlineData("_x1=\"\"", "_x1", MatchOp.Equal, "")]
    public void Parses_alertmanager_matchers(string text, string name, MatchOp op, string value)
    {
        var matcher = MatcherParser.Parse(text);

        Assert.Equal(new LabelMatcher(name, op, value), matcher);
    }

    [Theory]
    [InlineData("", "label name")]
    [InlineData("1abc=\"x\"", "label name")]
    [InlineData("severity", "one of = != =~ !~")]
    [InlineData("severity~\"x\"", "one of = != =~ !~")]
    [InlineData("severity=\"critical", "closing double quote")]
    [InlineData("severity=\"a\"b", "after the closing quote")]
    [InlineData("service=~\"(\"", "invalid regular expression")]
    public void Names_what_is_wrong(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => MatcherParser.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
