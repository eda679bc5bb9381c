using System.Text;
using System.Text.RegularExpressions;

namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>
/// A Go (RE2-syntax) regex run by .NET for label_replace: fully anchored, groups numbered in Go's order (named groups
/// count in place, unlike .NET), and Go's Regexp.Expand for <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>$$</c>.
/// </summary>
internal sealed class GoRegex
{
    private readonly Regex _regex;
    private readonly Dictionary<string, int> _names;
    private readonly int _groups;

    private GoRegex(Regex regex, Dictionary<string, int> names, int groups)
    {
        _regex = regex;
        _names = names;
        _groups = groups;
    }

    public static GoRegex? TryCreate(string pattern)
    {
        var (translated, names, groups) = Translate(pattern);
        try
        {
            Matching.Re2Syntax.Check(pattern);
            return new GoRegex(new Regex("^(?:" + Matching.Re2Syntax.AsciiClasses(translated) + ")\\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10)), names, groups);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The expanded template when the whole value matches, else null.</summary>
    public string? MatchAndExpand(string value, string template)
    {
        var match = _regex.Match(value);
        if (!match.Success)
        {
            return null;
        }
        var result = new StringBuilder();
        var rest = template.AsSpan();
        while (rest.Length > 0)
        {
            var dollar = rest.IndexOf('$');
            if (dollar < 0)
            {
                break;
            }
            result.Append(rest[..dollar]);
            rest = rest[(dollar + 1)..];
            if (rest.Length > 0 && rest[0] == '$')
            {
                result.Append('$');
                rest = rest[1..];
                continue;
            }
            if (!TryExtract(ref rest, out var name, out var number))
            {
                result.Append('$');
                continue;
            }
            var group = number >= 0 ? number : _names.GetValueOrDefault(name, -1);
            if (group >= 0 && group <= _groups && match.Groups[group].Success)
            {
                result.Append(match.Groups[group].Value);
            }
        }
        result.Append(rest);
        return result.ToString();
    }

    private static bool TryExtract(ref ReadOnlySpan<char> text, out string name, out int number)
    {
        name = "";
        number = -1;
        var s = text;
        var brace = s.Length > 0 && s[0] == '{';
        if (brace)
        {
            s = s[1..];
        }
        var i = 0;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
        {
            i++;
        }
        if (i == 0)
        {
            return false;
        }
        name = s[..i].ToString();
        if (brace)
        {
            if (i >= s.Length || s[i] != '}')
            {
                return false;
            }
            i++;
        }
        number = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9' || number >= 100_000_000)
            {
                number = -1;
                break;
            }
            number = number * 10 + (c - '0');
        }
        if (name[0] == '0' && name.Length > 1)
        {
            number = -1;
        }
        text = s[i..];
        return true;
    }

    /// <summary>Rewrites named groups to plain ones and records Go's numbering of every capturing group.</summary>
    private static (string Pattern, Dictionary<string, int> Names, int Groups) Translate(string pattern)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var builder = new StringBuilder(pattern.Length);
        var groups = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                builder.Append(c).Append(pattern[++i]);
                continue;
            }
            if (inClass)
            {
                inClass = c != ']';
                builder.Append(c);
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                builder.Append(c);
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    builder.Append(pattern[++i]);
                }
                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    builder.Append(pattern[++i]);
                }
                continue;
            }
            if (c == '(')
            {
                var rest = pattern.AsSpan(i);
                var nameStart = rest.StartsWith("(?P<") ? 4 : rest.StartsWith("(?<") ? 3 : -1;
                if (nameStart > 0)
                {
                    var end = pattern.IndexOf('>', i + nameStart);
                    if (end > 0)
                    {
                        groups++;
                        names.TryAdd(pattern[(i + nameStart)..end], groups);
                        builder.Append('(');
                        i = end;
                        continue;
                    }
                }
                if (!rest.StartsWith("(?"))
                {
                    groups++;
                }
            }
            builder.Append(c);
        }
        return (builder.ToString(), names, groups);
    }
}
