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

    [Theory]
    [InlineData(@"zone\d", "zone[0-9]")]
    [InlineData(@"\w+\W", "[0-9A-Za-z_]+[^0-9A-Za-z_]")]
    [InlineData(@"a\sb\S", @"a[\t\n\f\r ]b[^\t\n\f\r ]")]
    [InlineData(@"[\w.-]+", "[0-9A-Za-z_.-]+")]
    [InlineData(@"[^\d]", "[^0-9]")]
    [InlineData(@"[\D]", @"[\D]")]
    [InlineData(@"\\d\.", @"\\d\.")]
    [InlineData("plain", "plain")]
    public void Perl_classes_become_go_ascii_sets(string pattern, string expected) =>
        Assert.Equal(expected, Re2Syntax.AsciiClasses(pattern));

    [Theory]
    [InlineData("zone3", true)]
    [InlineData("zone\u0663", false)]
    [InlineData("zone\u00b2", false)]
    public void A_digit_class_matches_ascii_digits_only_as_in_go(string value, bool matches)
    {
        var matcher = CompiledMatcher.Compile(new LabelMatcher("site", MatchOp.Regex, @"zone\d"));

        Assert.Equal(matches, matcher.Matches(value));
    }
}
