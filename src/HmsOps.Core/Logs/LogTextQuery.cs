using System.Globalization;
using System.Text;

namespace HmsOps.Core.Logs;

/// <summary>
/// The free text of a log search, parsed once into words and phrases so it can never be FTS5 syntax: every word
/// becomes a quoted FTS5 string of letters and digits only, so <c>"</c>, <c>*</c>, <c>-</c>, <c>:</c>, <c>NOT</c>
/// or parentheses in what the user typed cannot make the query fail or mean something else.
/// Words are ANDed; <c>"two words"</c> is a phrase; a trailing <c>*</c> matches a prefix. The same terms also
/// match archived logs in memory, tokenized the way FTS5's default tokenizer does (letters and digits, case folded).
/// </summary>
public sealed class LogTextQuery
{
    private readonly IReadOnlyList<Term> _terms;

    private LogTextQuery(IReadOnlyList<Term> terms) => _terms = terms;

    private sealed record Term(IReadOnlyList<string> Tokens, bool Prefix);

    /// <summary>Throws <see cref="ArgumentException"/> (a message for the page) when the text has no letter or digit.</summary>
    public static LogTextQuery Parse(string text)
    {
        var terms = new List<Term>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            string raw;
            bool phrase = text[i] == '"';
            if (phrase)
            {
                var close = text.IndexOf('"', i + 1);
                var end = close < 0 ? text.Length : close;
                raw = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var end = i;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '"')
                {
                    end++;
                }
                raw = text[i..end];
                i = end;
            }
            var prefix = raw.EndsWith('*') || (i < text.Length && text[i] == '*' && phrase);
            var tokens = Tokenize(raw);
            if (tokens.Count > 0)
            {
                terms.Add(new Term(tokens, prefix));
            }
        }
        if (terms.Count == 0)
        {
            throw new ArgumentException("the search text needs at least one letter or digit", nameof(text));
        }
        return new LogTextQuery(terms);
    }

    /// <summary>The FTS5 MATCH expression: only quoted strings of letters and digits, and <c>*</c> after a prefix term.</summary>
    public string ToFts5()
    {
        var query = new StringBuilder();
        foreach (var term in _terms)
        {
            if (query.Length > 0)
            {
                query.Append(' ');
            }
            query.Append('"').Append(string.Join(' ', term.Tokens)).Append('"');
            if (term.Prefix)
            {
                query.Append('*');
            }
        }
        return query.ToString();
    }

    /// <summary>Whether a log's message or one of its field values holds every term (used where there is no FTS index).</summary>
    public bool Matches(string message, IEnumerable<string> fieldValues)
    {
        var columns = new List<IReadOnlyList<string>> { Tokenize(message) };
        columns.AddRange(fieldValues.Select(Tokenize));
        return _terms.All(term => columns.Any(tokens => Contains(tokens, term)));
    }

    private static bool Contains(IReadOnlyList<string> tokens, Term term)
    {
        var n = term.Tokens.Count;
        for (var start = 0; start + n <= tokens.Count; start++)
        {
            var all = true;
            for (var k = 0; k < n && all; k++)
            {
                var last = k == n - 1;
                all = last && term.Prefix
                    ? tokens[start + k].StartsWith(term.Tokens[k], StringComparison.Ordinal)
                    : string.Equals(tokens[start + k], term.Tokens[k], StringComparison.Ordinal);
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Runs of letters and digits, lower-cased: what FTS5's unicode61 tokenizer indexes.</summary>
    internal static IReadOnlyList<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var word = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (word && start < 0)
            {
                start = i;
            }
            else if (!word && start >= 0)
            {
                tokens.Add(text[start..i].ToLower(CultureInfo.InvariantCulture));
                start = -1;
            }
        }
        return tokens;
    }
}
