using System.Globalization;
using System.Text;

namespace HmsOps.Core.Alerting.Templating;

internal enum TemplateTokenKind
{
    Identifier,
    String,
    Number,
    Variable,
}

/// <param name="Position">Go's "line:column" for execution errors, as Prometheus reports them.</param>
internal sealed record TemplateToken(TemplateTokenKind Kind, string Text, string Position, object? Value = null);

/// <summary>Either literal text or an action: a pipeline of commands, each a list of tokens.</summary>
internal sealed record TemplateSegment(string? Literal, IReadOnlyList<IReadOnlyList<TemplateToken>>? Commands, int Line);

/// <summary>Splits a template into text and parsed actions, with Go's parse errors for what it cannot read.</summary>
internal static class TemplateLexer
{
    private static readonly HashSet<string> Keywords =
        ["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "nil", "true", "false"];

    /// <summary>
    /// Prometheus prepends <c>{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}</c>
    /// to every template, so columns on the first line are shifted by its length.
    /// </summary>
    private const int PreambleLength = 112;

    public static List<TemplateSegment> Split(string name, string text)
    {
        var segments = new List<TemplateSegment>();
        var position = 0;
        var trimNextLeft = false;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            var literal = open < 0 ? text[position..] : text[position..open];
            if (trimNextLeft)
            {
                literal = literal.TrimStart();
            }
            if (open < 0)
            {
                segments.Add(new TemplateSegment(literal, null, 0));
                break;
            }
            var line = 1 + text.Take(open).Count(c => c == '\n');
            var bodyStart = open + 2;
            if (bodyStart + 1 < text.Length && text[bodyStart] == '-' && char.IsWhiteSpace(text[bodyStart + 1]))
            {
                literal = literal.TrimEnd();
                bodyStart++;
            }
            segments.Add(new TemplateSegment(literal, null, line));
            var close = FindClose(text, bodyStart) ?? throw new TemplateParseException($"template: {name}:{line}: unclosed action");
            var body = text[bodyStart..close];
            var bodyOffset = bodyStart;
            trimNextLeft = body.Length >= 2 && body[^1] == '-' && char.IsWhiteSpace(body[^2]);
            if (trimNextLeft)
            {
                body = body[..^1];
            }
            var trimmed = body.Trim();
            if (!(trimmed.StartsWith("/*", StringComparison.Ordinal) && trimmed.EndsWith("*/", StringComparison.Ordinal)))
            {
                segments.Add(new TemplateSegment(null, ParsePipeline(name, line, text, body, bodyOffset), line));
            }
            position = close + 2;
        }
        return segments;
    }

    private static string Position(string text, int offset)
    {
        var line = 1 + text.Take(offset).Count(c => c == '\n');
        var lineStart = text.LastIndexOf('\n', Math.Max(offset - 1, 0)) + 1;
        if (offset == 0)
        {
            lineStart = 0;
        }
        var column = offset - lineStart + (line == 1 ? PreambleLength : 0);
        return $"{line}:{column}";
    }

    /// <summary>The index of the closing braces, skipping quoted strings that may contain them.</summary>
    private static int? FindClose(string text, int from)
    {
        for (var i = from; i < text.Length - 1; i++)
        {
            if (text[i] is '"' or '`')
            {
                var quote = text[i];
                for (i++; i < text.Length && text[i] != quote; i++)
                {
                    if (quote == '"' && text[i] == '\\')
                    {
                        i++;
                    }
                }
            }
            else if (text[i] == '}' && text[i + 1] == '}')
            {
                return i;
            }
        }
        return null;
    }

    private static List<IReadOnlyList<TemplateToken>> ParsePipeline(string name, int line, string text, string body, int bodyOffset)
    {
        var commands = new List<IReadOnlyList<TemplateToken>>();
        var current = new List<TemplateToken>();
        var i = 0;
        while (true)
        {
            while (i < body.Length && char.IsWhiteSpace(body[i]))
            {
                i++;
            }
            if (i >= body.Length || body[i] == '|')
            {
                if (current.Count == 0)
                {
                    throw new TemplateParseException(commands.Count == 0 && i >= body.Length
                        ? $"template: {name}:{line}: missing value for command"
                        : $"template: {name}:{line}: missing command in pipeline");
                }
                commands.Add(current);
                current = [];
                if (i >= body.Length)
                {
                    return commands;
                }
                i++;
                continue;
            }
            var start = i;
            var token = ReadToken(name, line, body, ref i);
            // Go places a variable-with-fields node at its first field, and every other node at its start.
            var dot = token.Kind == TemplateTokenKind.Variable ? token.Text.IndexOf('.', 1) : -1;
            current.Add(token with { Position = Position(text, bodyOffset + start + Math.Max(dot, 0)) });
        }
    }

    private static TemplateToken ReadToken(string name, int line, string body, ref int i)
    {
        var start = i;
        var c = body[i];
        if (c == '"' || c == '`')
        {
            return ReadString(name, line, body, ref i);
        }
        if (c == '$' || c == '.')
        {
            i++;
            while (i < body.Length && (char.IsLetterOrDigit(body[i]) || body[i] is '_' or '.'))
            {
                i++;
            }
            return new TemplateToken(TemplateTokenKind.Variable, body[start..i], "");
        }
        if (char.IsAsciiDigit(c) || (c is '-' or '+' && i + 1 < body.Length && char.IsAsciiDigit(body[i + 1])))
        {
            i++;
            while (i < body.Length && (char.IsAsciiLetterOrDigit(body[i]) || body[i] is '.' or '_'
                || (body[i] is '-' or '+' && body[i - 1] is 'e' or 'E')))
            {
                i++;
            }
            var text = body[start..i];
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return new TemplateToken(TemplateTokenKind.Number, text, "", integer);
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            {
                return new TemplateToken(TemplateTokenKind.Number, text, "", real);
            }
            throw new TemplateParseException($"template: {name}:{line}: bad number syntax: \"{text}\"");
        }
        if (char.IsLetter(c) || c == '_')
        {
            while (i < body.Length && (char.IsLetterOrDigit(body[i]) || body[i] == '_'))
            {
                i++;
            }
            var word = body[start..i];
            if (Keywords.Contains(word))
            {
                throw new TemplateParseException($"template: {name}:{line}: \"{word}\" is not supported in alert templates");
            }
            if (!TemplateFunctions.Exists(word))
            {
                throw new TemplateParseException($"template: {name}:{line}: function \"{word}\" not defined");
            }
            return new TemplateToken(TemplateTokenKind.Identifier, word, "");
        }
        throw new TemplateParseException($"template: {name}:{line}: unexpected \"{c}\" in command");
    }

    private static TemplateToken ReadString(string name, int line, string body, ref int i)
    {
        var start = i;
        var quote = body[i++];
        var value = new StringBuilder();
        while (i < body.Length && body[i] != quote)
        {
            if (quote == '"' && body[i] == '\\' && i + 1 < body.Length)
            {
                i++;
                value.Append(body[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => body[i] });
            }
            else
            {
                value.Append(body[i]);
            }
            i++;
        }
        if (i >= body.Length)
        {
            throw new TemplateParseException($"template: {name}:{line}: unterminated quoted string");
        }
        i++;
        return new TemplateToken(TemplateTokenKind.String, body[start..i], "", value.ToString());
    }
}
