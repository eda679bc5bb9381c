using System.Text;
using HmsOps.Core.Telemetry;
using LogLevel = HmsOps.Core.Telemetry.LogLevel;

namespace HmsOps.Core.Logs;

/// <summary>
/// The Logs page's query box, read into a <see cref="LogQuery"/>:
/// <c>service:ach-svc level:error,warn orderId=A-17 trace:4bf92f35… "rail timeout"</c>.
/// <c>service:</c> and <c>level:</c> take comma-separated lists; <c>trace:</c> (or <c>traceId:</c>) a 32-hex or UUID
/// trace id; <c>key=value</c> an exact structured field (quote the value for spaces: <c>route="/claims pay"</c>);
/// everything else, quoted or not, is free text searched in the message.
/// </summary>
public static class LogFilter
{
    /// <summary>Longest query the box accepts: the query becomes SQL parameters, and the URL carries it.</summary>
    public const int MaxLength = 2_000;

    public static LogFilterResult Parse(string? text)
    {
        var input = text ?? "";
        if (input.Length > MaxLength)
        {
            return LogFilterResult.Fail(input[..20] + "…", $"the query is longer than {MaxLength} characters");
        }
        var services = new List<string>();
        var levels = new List<LogLevel>();
        var fields = new List<KeyValuePair<string, string>>();
        var words = new List<string>();
        string? traceId = null;
        var tokens = Tokenize(input, out var tokenError);
        if (tokenError is not null)
        {
            return LogFilterResult.Fail(tokenError, "a quote is not closed");
        }
        foreach (var token in tokens)
        {
            if (token.Quoted)
            {
                words.Add(token.Text);
                continue;
            }
            var raw = token.Text;
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            var equals = raw.IndexOf('=', StringComparison.Ordinal);
            if (colon > 0 && (equals < 0 || colon < equals) && KeyOf(raw[..colon]) is { } key)
            {
                var value = raw[(colon + 1)..];
                var error = key switch
                {
                    "service" => AddServices(value, services),
                    "level" => AddLevels(value, levels),
                    _ => SetTrace(value, ref traceId),
                };
                if (error is not null)
                {
                    return LogFilterResult.Fail(raw, error);
                }
            }
            else if (equals >= 0)
            {
                var fieldKey = raw[..equals].Trim();
                if (fieldKey.Length == 0)
                {
                    return LogFilterResult.Fail(raw, "a field filter needs a name before '=' (key=value)");
                }
                fields.Add(new(fieldKey, raw[(equals + 1)..]));
            }
            else
            {
                words.Add(raw);
            }
        }
        var query = new LogQuery
        {
            Services = services.Distinct(StringComparer.Ordinal).ToArray(),
            Levels = levels.Distinct().ToArray(),
            Fields = fields,
            TraceId = traceId,
            Text = words.Count == 0 ? null : string.Join(' ', words),
        };
        return new LogFilterResult(query, null, null);
    }

    /// <summary>Writes a query's box-level parts back as text (the inverse of <see cref="Parse"/> for those parts).</summary>
    public static string Format(LogQuery query)
    {
        var parts = new List<string>();
        if (query.Services.Count > 0)
        {
            parts.Add("service:" + string.Join(',', query.Services));
        }
        if (query.Levels.Count > 0)
        {
            parts.Add("level:" + string.Join(',', query.Levels.Select(LogLevels.Name)));
        }
        if (query.TraceId is { } trace)
        {
            parts.Add("trace:" + trace);
        }
        parts.AddRange(query.Fields.Select(f => f.Key + "=" + QuoteIfNeeded(f.Value)));
        if (!string.IsNullOrEmpty(query.Text))
        {
            parts.Add(query.Text.Contains(' ', StringComparison.Ordinal) ? "\"" + query.Text + "\"" : query.Text);
        }
        return string.Join(' ', parts);
    }

    private static string? KeyOf(string key) => key.ToLowerInvariant() switch
    {
        "service" => "service",
        "level" => "level",
        "trace" or "traceid" => "trace",
        _ => null,
    };

    private static string? AddServices(string value, List<string> services)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            return "service: needs a service name, e.g. service:ach-svc";
        }
        services.AddRange(names);
        return null;
    }

    private static string? AddLevels(string value, List<LogLevel> levels)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            return $"level: needs a level: {LogLevels.Expected}";
        }
        foreach (var name in names)
        {
            if (!LogLevels.TryParse(name, out var level))
            {
                return $"unknown level '{name}'; expected {LogLevels.Expected}";
            }
            levels.Add(level);
        }
        return null;
    }

    private static string? SetTrace(string value, ref string? traceId)
    {
        if (!TelemetryIds.TryNormalizeTraceId(value, out var id))
        {
            return $"'{value}' is not a trace id: expected 32 hex digits or the UUID form";
        }
        if (traceId is not null && traceId != id)
        {
            return "only one trace id can be searched at a time";
        }
        traceId = id;
        return null;
    }

    private static string QuoteIfNeeded(string value) =>
        value.Contains(' ', StringComparison.Ordinal) || value.Length == 0 ? "\"" + value + "\"" : value;

    /// <summary>Splits on white space; double quotes group words (a whole token, or the value after <c>key=</c>).</summary>
    private static List<(string Text, bool Quoted)> Tokenize(string input, out string? unclosed)
    {
        unclosed = null;
        var tokens = new List<(string, bool)>();
        var current = new StringBuilder();
        var i = 0;
        while (i < input.Length)
        {
            var c = input[i];
            if (char.IsWhiteSpace(c))
            {
                Flush();
                i++;
                continue;
            }
            if (c == '"')
            {
                var close = input.IndexOf('"', i + 1);
                if (close < 0)
                {
                    unclosed = input[i..];
                    Flush();
                    return tokens;
                }
                var quoted = input[(i + 1)..close];
                if (current.Length == 0)
                {
                    tokens.Add((quoted, true));
                }
                else
                {
                    current.Append(quoted);
                }
                i = close + 1;
                continue;
            }
            current.Append(c);
            i++;
        }
        Flush();
        return tokens;

        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add((current.ToString(), false));
                current.Clear();
            }
        }
    }
}

/// <summary>The parsed query, or the token that could not be read (<see cref="Token"/>) and why (<see cref="Error"/>).</summary>
public sealed record LogFilterResult(LogQuery? Query, string? Token, string? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>One line for the page's inline error: <c>level:loud — unknown level 'loud'; …</c>.</summary>
    public string? Message => Error is null ? null : $"{Token} — {Error}";

    internal static LogFilterResult Fail(string token, string error) => new(null, token, error);
}
