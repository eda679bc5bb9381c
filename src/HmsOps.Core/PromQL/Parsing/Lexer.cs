using System.Globalization;
using System.Text;

namespace HmsOps.Core.PromQL.Parsing;

internal enum TokenKind
{
    Eof, Number, Duration, String, Identifier, MetricIdentifier,
    LeftParen, RightParen, LeftBrace, RightBrace, LeftBracket, RightBracket, Comma, Colon, Assign, At,
    Add, Sub, Mul, Div, Mod, Pow, Eql, Neq, Lss, Lte, Gtr, Gte, EqlRegex, NeqRegex,
    And, Or, Unless, Atan2,
    By, Without, On, Ignoring, GroupLeft, GroupRight, Bool, Offset,
    Aggregator,
}

/// <summary>One lexical item: its kind, its text as written (strings unquoted) and its 0-based position.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public bool IsKeyword => Kind is TokenKind.By or TokenKind.Without or TokenKind.On or TokenKind.Ignoring
        or TokenKind.GroupLeft or TokenKind.GroupRight or TokenKind.Bool or TokenKind.Offset;

    public bool IsOperator => Kind is >= TokenKind.Add and <= TokenKind.Atan2;

    /// <summary>How Prometheus names an item in "unexpected …" messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.Eof => "end of input",
        TokenKind.Identifier => $"identifier \"{Text}\"",
        TokenKind.MetricIdentifier => $"metric identifier \"{Text}\"",
        TokenKind.Number => $"number \"{Text}\"",
        TokenKind.Duration => $"duration \"{Text}\"",
        TokenKind.String => $"string \"{Text}\"",
        TokenKind.Aggregator => $"<aggr:{Text}>",
        _ when IsKeyword => $"<{Text}>",
        _ when IsOperator => $"<op:{Text}>",
        _ => $"\"{Text}\"",
    };
}

/// <summary>Splits PromQL text into tokens with Prometheus's lexical rules (keywords case-insensitive, # comments).</summary>
internal static class Lexer
{
    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["and"] = TokenKind.And, ["or"] = TokenKind.Or, ["unless"] = TokenKind.Unless, ["atan2"] = TokenKind.Atan2,
        ["by"] = TokenKind.By, ["without"] = TokenKind.Without, ["on"] = TokenKind.On, ["ignoring"] = TokenKind.Ignoring,
        ["group_left"] = TokenKind.GroupLeft, ["group_right"] = TokenKind.GroupRight, ["bool"] = TokenKind.Bool,
        ["offset"] = TokenKind.Offset,
    };

    internal static readonly HashSet<string> Aggregators = new(StringComparer.OrdinalIgnoreCase)
    {
        "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile",
    };

    public static List<Token> Tokenize(string input)
    {
        var tokens = new List<Token>();
        var parens = new Stack<int>();
        var bracketOpen = false;
        var braceOpen = false;
        var i = 0;
        while (true)
        {
            while (i < input.Length && IsSpace(input[i]))
            {
                i++;
            }
            if (i >= input.Length)
            {
                if (braceOpen)
                {
                    throw Error(i, "unexpected end of input inside braces");
                }
                if (bracketOpen)
                {
                    throw Error(i, "unclosed left bracket");
                }
                if (parens.Count > 0)
                {
                    throw Error(i, "unclosed left parenthesis");
                }
                tokens.Add(new Token(TokenKind.Eof, "", input.Length));
                return tokens;
            }
            var c = input[i];
            var start = i;
            if (c == '#')
            {
                while (i < input.Length && input[i] != '\n')
                {
                    i++;
                }
                continue;
            }
            if (braceOpen && !(IsAlpha(c) || c is '"' or '\'' or '`' or '=' or '!' or ',' or '}'))
            {
                throw Error(start, $"unexpected character inside braces: '{Printable(c)}'");
            }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < input.Length && char.IsAsciiDigit(input[i + 1])))
            {
                tokens.Add(LexNumberOrDuration(input, ref i, bracketOpen));
                continue;
            }
            if (IsAlpha(c) || (c == ':' && !bracketOpen))
            {
                while (i < input.Length && (IsAlphaNumeric(input[i]) || (input[i] == ':' && !braceOpen)))
                {
                    i++;
                }
                var word = input[start..i];
                if (Keywords.TryGetValue(word, out var keyword))
                {
                    tokens.Add(new Token(keyword, word.ToLowerInvariant(), start));
                }
                else if (Aggregators.Contains(word))
                {
                    tokens.Add(new Token(TokenKind.Aggregator, word.ToLowerInvariant(), start));
                }
                else if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("nan", StringComparison.OrdinalIgnoreCase))
                {
                    tokens.Add(new Token(TokenKind.Number, word, start));
                }
                else
                {
                    tokens.Add(new Token(word.Contains(':') ? TokenKind.MetricIdentifier : TokenKind.Identifier, word, start));
                }
                continue;
            }
            if (c is '"' or '\'' or '`')
            {
                tokens.Add(new Token(TokenKind.String, LexString(input, ref i), start));
                continue;
            }
            i++;
            var next = i < input.Length ? input[i] : '\0';
            TokenKind kind;
            switch (c)
            {
                case '(': kind = TokenKind.LeftParen; parens.Push(start); break;
                case ')':
                    if (parens.Count == 0)
                    {
                        throw Error(i, "unexpected right parenthesis ')'");
                    }
                    parens.Pop();
                    kind = TokenKind.RightParen;
                    break;
                case '{': kind = TokenKind.LeftBrace; braceOpen = true; break;
                case '}': kind = TokenKind.RightBrace; braceOpen = false; break;
                case '[': kind = TokenKind.LeftBracket; bracketOpen = true; break;
                case ']': kind = TokenKind.RightBracket; bracketOpen = false; break;
                case ',': kind = TokenKind.Comma; break;
                case '@': kind = TokenKind.At; break;
                case '+': kind = TokenKind.Add; break;
                case '-': kind = TokenKind.Sub; break;
                case '*': kind = TokenKind.Mul; break;
                case '/': kind = TokenKind.Div; break;
                case '%': kind = TokenKind.Mod; break;
                case '^': kind = TokenKind.Pow; break;
                case '=' when next == '=': i++; kind = TokenKind.Eql; break;
                case '=' when next == '~': i++; kind = TokenKind.EqlRegex; break;
                case '=': kind = TokenKind.Assign; break;
                case '!' when next == '=': i++; kind = TokenKind.Neq; break;
                case '!' when next == '~': i++; kind = TokenKind.NeqRegex; break;
                case '!': throw Error(start, $"unexpected character after '!'{(braceOpen ? " inside braces" : "")}: '{Printable(next)}'");
                case '<' when next == '=': i++; kind = TokenKind.Lte; break;
                case '<': kind = TokenKind.Lss; break;
                case '>' when next == '=': i++; kind = TokenKind.Gte; break;
                case '>': kind = TokenKind.Gtr; break;
                case ':': kind = TokenKind.Colon; break;
                default: throw Error(start, $"unexpected character: '{Printable(c)}'");
            }
            tokens.Add(new Token(kind, input[start..i], start));
        }
    }

    private static Token LexNumberOrDuration(string input, ref int i, bool inBrackets)
    {
        var start = i;
        var digits = "0123456789";
        if (input[i] == '0' && i + 1 < input.Length && input[i + 1] is 'x' or 'X')
        {
            i += 2;
            digits = "0123456789abcdefABCDEF";
        }
        AcceptRun(input, ref i, digits);
        if (Accept(input, ref i, "."))
        {
            AcceptRun(input, ref i, digits);
        }
        if (Accept(input, ref i, "eE"))
        {
            Accept(input, ref i, "+-");
            AcceptRun(input, ref i, "0123456789");
        }
        if (i >= input.Length || !IsAlphaNumeric(input[i]))
        {
            return new Token(TokenKind.Number, input[start..i], start);
        }
        if (AcceptRemainingDuration(input, ref i))
        {
            return new Token(TokenKind.Duration, input[start..i], start);
        }
        // Prometheus quotes what it consumed, including the character that broke the syntax.
        throw Error(start, $"bad {(inBrackets ? "" : "number or ")}duration syntax: \"{input[start..i]}\"");
    }

    private static bool AcceptRemainingDuration(string input, ref int i)
    {
        if (!Accept(input, ref i, "smhdwy"))
        {
            return false;
        }
        Accept(input, ref i, "s");
        while (Accept(input, ref i, "0123456789"))
        {
            AcceptRun(input, ref i, "0123456789");
            if (!Accept(input, ref i, "smhdw"))
            {
                return false;
            }
            Accept(input, ref i, "s");
        }
        if (i >= input.Length || !IsAlphaNumeric(input[i]))
        {
            return true;
        }
        i++;
        return false;
    }

    private static string LexString(string input, ref int i)
    {
        var quote = input[i];
        var start = i;
        i++;
        var builder = new StringBuilder();
        while (true)
        {
            if (i >= input.Length)
            {
                throw Error(start, quote == '`' ? "unterminated raw string" : "unterminated quoted string");
            }
            var c = input[i++];
            if (c == quote)
            {
                return builder.ToString();
            }
            if (quote == '`')
            {
                builder.Append(c);
                continue;
            }
            if (c == '\n')
            {
                throw Error(start, "unterminated quoted string");
            }
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            if (i >= input.Length)
            {
                throw Error(start, "escape sequence not terminated");
            }
            var e = input[i++];
            switch (e)
            {
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'v': builder.Append('\v'); break;
                case '\\': builder.Append('\\'); break;
                case '"' or '\'': builder.Append(e); break;
                case 'x': builder.Append((char)Hex(input, ref i, 2, start)); break;
                case 'u': builder.Append(char.ConvertFromUtf32(Hex(input, ref i, 4, start))); break;
                case 'U': builder.Append(char.ConvertFromUtf32(Hex(input, ref i, 8, start))); break;
                case >= '0' and <= '7':
                    var value = e - '0';
                    for (var k = 0; k < 2; k++)
                    {
                        if (i >= input.Length || input[i] is < '0' or > '7')
                        {
                            throw Error(i, "illegal character in escape sequence");
                        }
                        value = value * 8 + (input[i++] - '0');
                    }
                    builder.Append((char)value);
                    break;
                default:
                    throw Error(start, $"unknown escape sequence U+{(int)e:X4} '{e}'");
            }
        }
    }

    private static int Hex(string input, ref int i, int length, int start)
    {
        if (i + length > input.Length
            || !int.TryParse(input.AsSpan(i, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            || value > 0x10FFFF)
        {
            throw Error(start, "illegal character in escape sequence");
        }
        i += length;
        return value;
    }

    private static bool Accept(string input, ref int i, string valid)
    {
        if (i < input.Length && valid.Contains(input[i]))
        {
            i++;
            return true;
        }
        return false;
    }

    private static void AcceptRun(string input, ref int i, string valid)
    {
        while (Accept(input, ref i, valid))
        {
        }
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r';

    private static bool IsAlpha(char c) => c == '_' || char.IsAsciiLetter(c);

    private static bool IsAlphaNumeric(char c) => IsAlpha(c) || char.IsAsciiDigit(c);

    private static string Printable(char c) => c == '\0' ? "\\x00" : c.ToString();

    internal static SyntaxError Error(int position, string message) => new(position, message);
}

/// <summary>A syntax or type error before the position is turned into Prometheus's "line:col: parse error: …" text.</summary>
internal sealed class SyntaxError(int position, string message) : Exception(message)
{
    public int Position { get; } = position;
}
