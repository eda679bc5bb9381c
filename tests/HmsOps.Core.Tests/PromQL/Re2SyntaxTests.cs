using HmsOps.Core.PromQL;
using HmsOps.Core.PromQL.Matching;

namespace HmsOps.Core.Tests.PromQL;

/// <summary>Prometheus 2.42 parses regexes with Go's RE2 syntax; the engine refuses what Go refuses.</summary>
public sealed class Re2SyntaxTests
{
    [Theory]
    [InlineData("(?i)api")]
    [InlineData("(?P<svc>a.*)")]
    [InlineData(@"\d00|5\d\d")]
    [InlineData(@"[\]a-z(?=]+")]
    [InlineData("a*?b+?c??")]
    [InlineData(@"\123\0")]
    [InlineData(@"\\1")]
    [InlineData(@"\.\*\+\(")]
    [InlineData(@"\pL\p{Greek}\Aa\z")]
    public void Go_syntax_is_accepted(string pattern) => Re2Syntax.Check(pattern);

    [Theory]
    [InlineData("(?=n).*", "(?=")]
    [InlineData("(?!n).*", "(?!")]
    [InlineData("(?<=n)o", "(?<=")]
    [InlineData("(?<!n)o", "(?<!")]
    [InlineData("(?>a+)", "(?>")]
    [InlineData("(?(a)b|c)", "(?(")]
    [InlineData("a(?#comment)", "(?#")]
    [InlineData(@"(n)\1", @"\1")]
    [InlineData(@"\k<x>", @"\k")]
    [InlineData(@"a\Z", @"\Z")]
    [InlineData("a*+", "*+")]
    [InlineData("a?+", "?+")]
    public void Constructs_go_lacks_are_refused_naming_them(string pattern, string construct)
    {
        var error = Assert.Throws<ArgumentException>(() => Re2Syntax.Check(pattern));

        Assert.Contains(construct, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_selector_with_a_lookahead_is_a_parse_error()
    {
        var error = Assert.Throws<PromQLParseException>(() => PromQLParser.Parse("up{job=~\"(?=a).*\"}"));

        Assert.Contains("(?=", error.Message, StringComparison.Ordinal);
    }
}
