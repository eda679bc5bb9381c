using System.Text;

namespace HmsOps.Core.PromQL.Matching;

/// <summary>
/// Prometheus compiles regexes with Go's regexp (RE2 syntax), which has no lookaround, backreferences, atomic groups,
/// conditionals, comments or possessive quantifiers, and whose <c>\d \w \s</c> are ASCII only; .NET accepts all
/// those constructs and gives the classes their Unicode meaning. <see cref="Check"/> refuses what Prometheus refuses with
/// "error parsing regexp"; <see cref="AsciiClasses"/> makes the classes match what Go's match.
/// </summary>
public static class Re2Syntax
{
    /// <summary>The letters Go accepts after a backslash; any other letter is "invalid escape sequence".</summary>
    private const string GoEscapeLetters = "AbBzdDsSwWpPQExaftnrv";

    /// <exception cref="ArgumentException">The pattern uses a construct Go's regexp does not have.</exception>
    public static void Check(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var next = i + 1 < pattern.Length ? pattern[i + 1] : '\0';
            if (c == '\\')
            {
                i++;
                if (next is >= '1' and <= '9' && !(next <= '7' && i + 1 < pattern.Length && pattern[i + 1] is >= '0' and <= '7'))
                {
                    throw Unsupported(pattern, $"backreference \\{next}");
                }
                if (char.IsAsciiLetter(next) && !GoEscapeLetters.Contains(next, StringComparison.Ordinal))
                {
                    throw Unsupported(pattern, $"escape sequence \\{next}");
                }
                continue;
            }
            if (inClass)
            {
                inClass = c != ']';
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                // A leading ^ and a ] right after the bracket are part of the class, not its end.
                i += next == '^' ? 1 : 0;
                i += i + 1 < pattern.Length && pattern[i + 1] == ']' ? 1 : 0;
                continue;
            }
            if (c == '(' && next == '?')
            {
                var rest = pattern.AsSpan(i + 2);
                if (rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<=") || rest.StartsWith("<!")
                    || rest.StartsWith(">") || rest.StartsWith("(") || rest.StartsWith("#"))
                {
                    throw Unsupported(pattern, "Perl syntax (?" + rest[..Math.Min(2, rest.Length)].ToString());
                }
            }
            if (c is '*' or '+' or '?' && next == '+' && i > 0 && pattern[i - 1] != '(')
            {
                throw Unsupported(pattern, $"nested repetition operator {c}+");
            }
        }
    }

    /// <summary>
    /// Rewrites the Perl classes <c>\d \w \s</c> (and their negations outside brackets) to the ASCII sets Go gives them;
    /// .NET's are Unicode, so <c>\d</c> would also match "٣". Adds no groups, so group numbers stay Go's.
    /// </summary>
    public static string AsciiClasses(string pattern)
    {
        if (!pattern.Contains('\\', StringComparison.Ordinal))
        {
            return pattern;
        }
        var builder = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var escaped = pattern[++i];
                var (set, negated) = escaped switch
                {
                    'd' => ("0-9", false),
                    'D' => ("0-9", true),
                    'w' => ("0-9A-Za-z_", false),
                    'W' => ("0-9A-Za-z_", true),
                    's' => (@"\t\n\f\r ", false),
                    'S' => (@"\t\n\f\r ", true),
                    _ => ((string?)null, false),
                };
                if (set is null || (negated && inClass))
                {
                    // A negated class inside brackets ([\D]) has no plain-range spelling; it keeps .NET's meaning.
                    builder.Append(c).Append(escaped);
                }
                else
                {
                    builder.Append(inClass ? set : (negated ? "[^" : "[") + set + "]");
                }
                continue;
            }
            builder.Append(c);
            if (inClass)
            {
                inClass = c != ']';
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    builder.Append(pattern[++i]);
                }
                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    builder.Append(pattern[++i]);
                }
            }
        }
        return builder.ToString();
    }

    private static ArgumentException Unsupported(string pattern, string what) =>
        new($"invalid or unsupported {what} in regexp `{pattern}` (Prometheus uses Go's RE2 syntax)", nameof(pattern));
}
