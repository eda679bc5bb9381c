using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace HmsOps.Core.PromQL.Matching;

/// <summary>
/// A label matcher ready to test values. Regexes are fully anchored as in Prometheus; the common shapes
/// (a literal, <c>.*</c>, <c>.+</c>) skip the regex engine, since selection runs them once per series.
/// </summary>
public sealed class CompiledMatcher
{
    private const int MaxCachedRegexes = 1_000;
    private static readonly ConcurrentDictionary<string, Regex> RegexCache = new(StringComparer.Ordinal);

    private readonly Func<string, bool> _test;

    private CompiledMatcher(LabelMatcher matcher, Func<string, bool> test)
    {
        Matcher = matcher;
        _test = test;
    }

    public LabelMatcher Matcher { get; }

    public string Name => Matcher.Name;

    /// <summary>True when the value (the empty string for an absent label) matches.</summary>
    public bool Matches(string value) => _test(value);

    /// <exception cref="ArgumentException">The regex does not compile.</exception>
    public static CompiledMatcher Compile(LabelMatcher matcher)
    {
        var value = matcher.Value;
        Func<string, bool> positive = matcher.Op switch
        {
            MatchOp.Equal or MatchOp.NotEqual => v => string.Equals(v, value, StringComparison.Ordinal),
            _ => RegexTest(value),
        };
        var test = matcher.Op is MatchOp.NotEqual or MatchOp.NotRegex ? v => !positive(v) : positive;
        return new CompiledMatcher(matcher, test);
    }

    public static IReadOnlyList<CompiledMatcher> CompileAll(IReadOnlyList<LabelMatcher> matchers) =>
        matchers.Select(Compile).ToArray();

    private static Func<string, bool> RegexTest(string pattern)
    {
        if (pattern == ".*")
        {
            return _ => true;
        }
        if (pattern == ".+")
        {
            return v => v.Length > 0;
        }
        if (IsLiteral(pattern))
        {
            return v => string.Equals(v, pattern, StringComparison.Ordinal);
        }
        var regex = Anchored(pattern);
        return regex.IsMatch;
    }

    /// <summary>The regex <c>^(?:pattern)$</c> in Go's sense (no match before a trailing newline), cached.</summary>
    public static Regex Anchored(string pattern)
    {
        if (RegexCache.TryGetValue(pattern, out var cached))
        {
            return cached;
        }
        Re2Syntax.Check(pattern);
        // Go spells named groups (?P<name>…); .NET only knows (?<name>…).
        var dotnet = Re2Syntax.AsciiClasses(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal));
        var regex = new Regex("^(?:" + dotnet + ")\\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10));
        if (RegexCache.Count >= MaxCachedRegexes)
        {
            RegexCache.Clear();
        }
        RegexCache[pattern] = regex;
        return regex;
    }

    private static bool IsLiteral(string pattern)
    {
        foreach (var c in pattern)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ' ' or ':' or '/' or ',' or '@' or '=' or '<' or '>' or '!' or '"' or '\''))
            {
                return false;
            }
        }
        return true;
    }
}
