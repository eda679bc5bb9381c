namespace HmsOps.Core.PromQL.Matching;

/// <summary>
/// Prometheus compiles regexes with Go's regexp (RE2 syntax), which has no lookaround, backreferences, atomic groups,
/// conditionals, comments or possessive quantifiers; .NET accepts them all. Refusing them here keeps the engine from
/// answering a query Prometheus rejects with "error parsing regexp".
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

    private static ArgumentException Unsupported(string pattern, string what) =>
        new($"invalid or unsupported {what} in regexp `{pattern}` (Prometheus uses Go's RE2 syntax)", nameof(pattern));
}
