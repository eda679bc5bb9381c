using HmsOps.Core.PromQL;

namespace HmsOps.Core.Tests.PromQL;

public sealed class PromQLParserTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("1.5e3", "1500")]
    [InlineData("0x1F", "31")]
    [InlineData("010", "8")]
    [InlineData(".5", "0.5")]
    [InlineData("Inf", "Infinity")]
    [InlineData("-inf", "-Infinity")]
    [InlineData("NaN", "NaN")]
    [InlineData("-2", "-2")]
    [InlineData("'a\\nb'", "'a\nb'")]
    [InlineData("\"q\\\"x\"", "'q\"x'")]
    [InlineData("`raw\\n`", "'raw\\n'")]
    [InlineData("up", "up{__name__='up'}")]
    [InlineData("job:rate5m:sum", "job:rate5m:sum{__name__='job:rate5m:sum'}")]
    [InlineData("up{job=\"api\",code!=\"200\",}", "up{job='api',code!='200',__name__='up'}")]
    [InlineData("{__name__=~\"a.*\"}", "{__name__=~'a.*'}")]
    [InlineData("{job!~\"x|y\", by=\"z\"}", "{job!~'x|y',by='z'}")]
    [InlineData("up offset 5m", "up{__name__='up'} offset 300000")]
    [InlineData("up offset -1h30m", "up{__name__='up'} offset -5400000")]
    [InlineData("http_requests_total[5m]", "http_requests_total{__name__='http_requests_total'}[300000]")]
    [InlineData("x[1m] offset 1w", "x{__name__='x'} offset 604800000[60000]")]
    [InlineData("x[90s]", "x{__name__='x'}[90000]")]
    [InlineData("x[1500ms]", "x{__name__='x'}[1500]")]
    [InlineData("x[1y]", "x{__name__='x'}[31536000000]")]
    [InlineData("rate(x[5m])[30m:1m]", "(rate(x{__name__='x'}[300000]))[1800000:60000]")]
    [InlineData("x[5m:]", "(x{__name__='x'})[300000:]")]
    [InlineData("x[5m:] offset 2m", "(x{__name__='x'})[300000:] offset 120000")]
    [InlineData("rate(x[5m])", "rate(x{__name__='x'}[300000])")]
    [InlineData("time()", "time()")]
    [InlineData("round(x, 0.5)", "round(x{__name__='x'}, 0.5)")]
    [InlineData("label_join(x, \"d\", \",\", \"a\", \"b\")", "label_join(x{__name__='x'}, 'd', ',', 'a', 'b')")]
    [InlineData("histogram_quantile(0.9, sum by (le) (rate(x_bucket[1m])))",
        "histogram_quantile(0.9, sum by(le) (rate(x_bucket{__name__='x_bucket'}[60000])))")]
    [InlineData("sum(x) by (a, b)", "sum by(a,b) (x{__name__='x'})")]
    [InlineData("SUM WITHOUT (instance) (x)", "sum without(instance) (x{__name__='x'})")]
    [InlineData("topk(3, x)", "topk by() (3, x{__name__='x'})")]
    [InlineData("count_values(\"v\", x)", "countvalues by() ('v', x{__name__='x'})")]
    [InlineData("quantile by (job) (0.9, x)", "quantile by(job) (0.9, x{__name__='x'})")]
    [InlineData("sum by (on, group_left) (x)", "sum by(on,group_left) (x{__name__='x'})")]
    [InlineData("1 + 2 * 3", "(1 Add (2 Mul 3))")]
    [InlineData("1 - 2 - 3", "((1 Sub 2) Sub 3)")]
    [InlineData("2 ^ 3 ^ 2", "(2 Pow (3 Pow 2))")]
    [InlineData("-2 ^ 2", "-(2 Pow 2)")]
    [InlineData("-x * 2", "(-x{__name__='x'} Mul 2)")]
    [InlineData("a or b and c", "(a{__name__='a'} Or ManyToMany ignoring() (b{__name__='b'} And ManyToMany ignoring() c{__name__='c'}))")]
    [InlineData("a unless b or c", "((a{__name__='a'} Unless ManyToMany ignoring() b{__name__='b'}) Or ManyToMany ignoring() c{__name__='c'})")]
    [InlineData("a > bool 1", "(a{__name__='a'} Gt bool 1)")]
    [InlineData("1 == bool 2", "(1 Eq bool 2)")]
    [InlineData("a / on(job) b", "(a{__name__='a'} Div OneToOne on(job) b{__name__='b'})")]
    [InlineData("a * ignoring(code) group_left(team) b", "(a{__name__='a'} Mul ManyToOne ignoring(code) include(team) b{__name__='b'})")]
    [InlineData("a - on() group_right b", "(a{__name__='a'} Sub OneToMany on() b{__name__='b'})")]
    [InlineData("a + b", "(a{__name__='a'} Add OneToOne ignoring() b{__name__='b'})")]
    [InlineData("a == bool on(x) b", "(a{__name__='a'} Eq bool OneToOne on(x) b{__name__='b'})")]
    [InlineData("(1 + 2) * 3", "(paren (1 Add 2) Mul 3)")]
    [InlineData("x # a comment\n + 1", "(x{__name__='x'} Add 1)")]
    [InlineData("a % 2 + b ^ 2", "((a{__name__='a'} Mod 2) Add OneToOne ignoring() (b{__name__='b'} Pow 2))")]
    [InlineData("a >= 1 < 2", "((a{__name__='a'} Ge 1) Lt 2)")]
    [InlineData("sum", "sum{__name__='sum'}")]
    [InlineData("x + by", "(x{__name__='x'} Add OneToOne ignoring() by{__name__='by'})")]
    [InlineData("offset{a=\"b\"}", "offset{a='b',__name__='offset'}")]
    public void Valid_queries_parse_into_the_expected_tree(string query, string expected)
    {
        Assert.Equal(expected, AstPrinter.Print(PromQLParser.Parse(query)));
    }

    [Theory]
    [InlineData("sum(x", 5, "1:6: parse error: unclosed left parenthesis")]
    [InlineData("x)", 2, "1:3: parse error: unexpected right parenthesis ')'")]
    [InlineData("", 0, "1:1: parse error: no expression found in input")]
    [InlineData("1 +", 3, "1:4: parse error: unexpected end of input")]
    [InlineData("x $ y", 2, "1:3: parse error: unexpected character: '$'")]
    [InlineData("rate(x)", 5, "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector")]
    [InlineData("abs(x[5m])", 4, "1:5: parse error: expected type instant vector in call to function \"abs\", got range vector")]
    [InlineData("rate(x[5m], 1)", 0, "1:1: parse error: expected 1 argument(s) in call to \"rate\", got 2")]
    [InlineData("label_join(x, \"a\")", 0, "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 2")]
    [InlineData("round(x, 1, 2)", 0, "1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3")]
    [InlineData("time(1)", 0, "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1")]
    [InlineData("foo_bar(x)", 0, "1:1: parse error: unknown function with name \"foo_bar\"")]
    [InlineData("{}", 0, "1:1: parse error: vector selector must contain at least one non-empty matcher")]
    [InlineData("{job=~\".*\"}", 0, "1:1: parse error: vector selector must contain at least one non-empty matcher")]
    [InlineData("x{__name__=\"y\"}", 0, "1:1: parse error: metric name must not be set twice: \"x\" or \"y\"")]
    [InlineData("x{job=1}", 6, "1:7: parse error: unexpected character inside braces: '1'")]
    [InlineData("x{job=~}", 7, "1:8: parse error: unexpected \"}\" in label matching, expected string")]
    [InlineData("x{a:b=\"c\"}", 3, "1:4: parse error: unexpected character inside braces: ':'")]
    [InlineData("x{job}", 5, "1:6: parse error: unexpected \"}\" in label matching, expected label matching operator")]
    [InlineData("x + bool 1", 2, "1:3: parse error: bool modifier can only be used on comparison operators")]
    [InlineData("1 > 2", 2, "1:3: parse error: comparisons between scalars must use BOOL modifier")]
    [InlineData("x and 1", 0, "1:1: parse error: set operator \"and\" not allowed in binary scalar expression")]
    [InlineData("a and on(x) group_left b", 0, "1:1: parse error: no grouping allowed for \"and\" operation")]
    [InlineData("a + on(x) group_left(x) b", 2, "1:3: parse error: label \"x\" must not occur in ON and GROUP clause at once")]
    [InlineData("x[5m] + 1", 0, "1:1: parse error: binary expression must contain only scalar and instant vector types")]
    [InlineData("sum(x) offset 5m", 0, "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery")]
    [InlineData("x offset 5m offset 1m", 0, "1:1: parse error: offset may not be set multiple times")]
    [InlineData("x offset 5m [5m]", 12, "1:13: parse error: no offset modifiers allowed before range")]
    [InlineData("(x)[5m]", 3, "1:4: parse error: ranges only allowed for vector selectors")]
    [InlineData("x[5m][10m:1m]", 0, "1:1: parse error: subquery is only allowed on instant vector, got matrix instead")]
    [InlineData("x[5]", 2, "1:3: parse error: missing unit character in duration")]
    [InlineData("x[5m:5]", 5, "1:6: parse error: unexpected number \"5\" in subquery selector, expected duration")]
    [InlineData("x[5m", 4, "1:5: parse error: unclosed left bracket")]
    [InlineData("x[5m 1]", 5, "1:6: parse error: unexpected number \"1\" in subquery or range, expected \":\" or \"]\"")]
    [InlineData("x[0s]", 2, "1:3: parse error: duration must be greater than 0")]
    [InlineData("x[5ms3h]", 2, "1:3: parse error: not a valid duration string: \"5ms3h\"")]
    [InlineData("x[5hm]", 2, "1:3: parse error: bad duration syntax: \"5hm\"")]
    [InlineData("sum(x, y)", 0, "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2")]
    [InlineData("topk(x)", 0, "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1")]
    [InlineData("sum()", 0, "1:1: parse error: no arguments for aggregate expression provided")]
    [InlineData("topk(\"a\", x)", 5, "1:6: parse error: expected type scalar in aggregation parameter, got string")]
    [InlineData("count_values(1, x)", 13, "1:14: parse error: expected type string in aggregation parameter, got scalar")]
    [InlineData("sum(x[5m])", 4, "1:5: parse error: expected type instant vector in aggregation expression, got range vector")]
    [InlineData("sum by (a:b) (x)", 8, "1:9: parse error: unexpected metric identifier \"a:b\" in grouping opts, expected label")]
    [InlineData("sum x", 4, "1:5: parse error: unexpected identifier \"x\"")]
    [InlineData("sum by (x) x", 11, "1:12: parse error: unexpected identifier \"x\" in aggregation")]
    [InlineData("sum without", 11, "1:12: parse error: unexpected end of input in grouping opts, expected \"(\"")]
    [InlineData("topk(1, x) by (a) (x)", 18, "1:19: parse error: unexpected \"(\"")]
    [InlineData("x offset 5", 9, "1:10: parse error: unexpected number \"5\" in offset, expected duration")]
    [InlineData("foo{a=\"b\"", 9, "1:10: parse error: unexpected end of input inside braces")]
    [InlineData("x{a!\"b\"}", 3, "1:4: parse error: unexpected character after '!' inside braces: '\"'")]
    [InlineData("on", 0, "1:1: parse error: unexpected <on>")]
    [InlineData("-x[5m]", 0, "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"")]
    [InlineData("abs(x,)", 5, "1:6: parse error: trailing commas not allowed in function call args")]
    [InlineData("'abc", 0, "1:1: parse error: unterminated quoted string")]
    [InlineData("x{a=\"\\q\"}", 4, "1:5: parse error: unknown escape sequence U+0071 'q'")]
    [InlineData("1a", 0, "1:1: parse error: bad number or duration syntax: \"1\"")]
    [InlineData("x y", 2, "1:3: parse error: unexpected identifier \"y\"")]
    [InlineData("x\n  y", 4, "2:3: parse error: unexpected identifier \"y\"")]
    [InlineData("x{a=~\"(\"}", 2, "1:3: parse error: error parsing regexp")]
    public void Malformed_queries_fail_with_the_prometheus_message_and_position(string query, int position, string message)
    {
        var error = Assert.Throws<PromQLParseException>(() => PromQLParser.Parse(query));
        Assert.StartsWith(message, error.Message);
        Assert.Equal(position, error.Position);
        Assert.Equal(QueryErrorType.BadData, error.ErrorType);
    }

    [Theory]
    [InlineData("predict_linear(x[5m], 60)", "unsupported function \"predict_linear\"")]
    [InlineData("holt_winters(x[5m], 0.5, 0.5)", "unsupported function \"holt_winters\"")]
    [InlineData("deriv(x[5m])", "unsupported function \"deriv\"")]
    [InlineData("x @ 1609746000", "unsupported: the @ modifier")]
    [InlineData("rate(x[5m] @ end())", "unsupported: the @ modifier")]
    [InlineData("a atan2 b", "unsupported: the atan2 operator")]
    public void Unsupported_constructs_are_refused_by_name(string query, string message)
    {
        var error = Assert.Throws<PromQLException>(() => PromQLParser.Parse(query));
        Assert.Equal(message, error.Message);
        Assert.Equal(QueryErrorType.BadData, error.ErrorType);
    }

    [Fact]
    public void A_selector_for_match_parameters_parses_alone()
    {
        var selector = PromQLParser.ParseSelector("up{job=~\"api|web\"}");

        Assert.Equal("up", selector.MetricName);
        Assert.Equal([new LabelMatcher("job", MatchOp.Regex, "api|web"), new LabelMatcher("__name__", MatchOp.Equal, "up")], selector.Matchers);
        Assert.Throws<PromQLParseException>(() => PromQLParser.ParseSelector("rate(up[5m])"));
        Assert.Throws<PromQLParseException>(() => PromQLParser.ParseSelector("{job=\"\"}"));
    }
}
