using System.Text;
using HmsOps.Core.PromQL;
using HmsOps.Core.PromQL.Matching;

namespace HmsOps.Core.Alerting.Matchers;

/// <summary>
/// Alertmanager's matcher syntax, as written in routes, inhibit rules and silences: <c>name op value</c> with
/// op one of <c>= != =~ !~</c>; the value either double-quoted (with <c>\" \\ \n</c> escapes) or bare up to the end.
/// </summary>
public static class MatcherParser
{
    /// <exception cref="FormatException">The text is not a matcher; the message says why.</exception>
    public static LabelMatcher Parse(string text)
    {
        var s = text.Trim();
        var nameEnd = 0;
        while (nameEnd < s.Length && IsNameChar(s[nameEnd], nameEnd == 0))
        {
            nameEnd++;
        }
        if (nameEnd == 0)
        {
            throw new FormatException($"matcher '{text}': expected a label name ([a-zA-Z_][a-zA-Z0-9_]*) at the start");
        }
        var name = s[..nameEnd];
        var rest = s[nameEnd..].TrimStart();
        var (op, opLength) = rest switch
        {
            _ when rest.StartsWith("=~", StringComparison.Ordinal) => (MatchOp.Regex, 2),
            _ when rest.StartsWith("!~", StringComparison.Ordinal) => (MatchOp.NotRegex, 2),
            _ when rest.StartsWith("!=", StringComparison.Ordinal) => (MatchOp.NotEqual, 2),
            _ when rest.StartsWith('=') => (MatchOp.Equal, 1),
            _ => throw new FormatException($"matcher '{text}': expected one of = != =~ !~ after '{name}'"),
        };
        var value = ParseValue(text, rest[opLength..].Trim());
        var matcher = new LabelMatcher(name, op, value);
        if (op is MatchOp.Regex or MatchOp.NotRegex)
        {
            try
            {
                Re2Syntax.Check(value);
                CompiledMatcher.Compile(matcher);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"matcher '{text}': invalid regular expression: {e.Message}", e);
            }
        }
        return matcher;
    }

    /// <summary>Parses every matcher; the exception names the first bad one.</summary>
    public static IReadOnlyList<LabelMatcher> ParseAll(IEnumerable<string> texts) => texts.Select(Parse).ToList();

    private static string ParseValue(string text, string raw)
    {
        if (!raw.StartsWith('"'))
        {
            if (raw.Contains('"', StringComparison.Ordinal))
            {
                throw new FormatException($"matcher '{text}': a value with quotes must be enclosed in double quotes");
            }
            return raw;
        }
        var value = new StringBuilder();
        for (var i = 1; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '"')
            {
                if (i != raw.Length - 1)
                {
                    throw new FormatException($"matcher '{text}': unexpected text after the closing quote");
                }
                return value.ToString();
            }
            if (c == '\\' && i + 1 < raw.Length)
            {
                i++;
                value.Append(raw[i] switch { 'n' => '\n', 't' => '\t', var other => other });
                continue;
            }
            value.Append(c);
        }
        throw new FormatException($"matcher '{text}': the value's closing double quote is missing");
    }

    private static bool IsNameChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (!first && c is >= '0' and <= '9');
}
