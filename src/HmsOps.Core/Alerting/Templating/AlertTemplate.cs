using System.Text;

namespace HmsOps.Core.Alerting.Templating;

/// <summary>What a template sees: Prometheus's <c>$labels</c>, <c>$value</c> and <c>$externalLabels</c>.</summary>
public sealed record TemplateData(
    IReadOnlyDictionary<string, string> Labels,
    double Value,
    IReadOnlyDictionary<string, string> ExternalLabels,
    string ExternalUrl = "");

/// <summary>An expanded template, or Prometheus's <c>&lt;error expanding template: ...&gt;</c> text plus the error.</summary>
public sealed record TemplateResult(string Text, string? Error);

/// <summary>
/// The subset of Go's text/template that alert labels and annotations use in practice: text, actions holding a
/// pipeline of commands (<c>{{ $labels.x | humanize }}</c>, <c>{{ printf "%.2f" $value }}</c>), variables, fields,
/// string and number literals, comments and <c>{{-</c>/<c>-}}</c> trimming. Control structures (if, range, ...)
/// are reported as errors rather than half supported.
/// </summary>
public static class AlertTemplate
{
    public static TemplateResult Expand(string name, string text, TemplateData data)
    {
        try
        {
            var output = new StringBuilder();
            foreach (var segment in TemplateLexer.Split(name, text))
            {
                output.Append(segment.Literal ?? Execute(name, segment, data));
            }
            return new TemplateResult(output.ToString(), null);
        }
        catch (TemplateParseException e)
        {
            var message = $"error parsing template {name}: {e.Message}";
            return new TemplateResult($"<error expanding template: {message}>", message);
        }
        catch (TemplateException e)
        {
            // As Prometheus: the alert carries the error text in place of the value, and evaluation goes on.
            var message = $"error executing template {name}: {e.Message}";
            return new TemplateResult($"<error expanding template: {message}>", message);
        }
    }

    private static string Execute(string name, TemplateSegment action, TemplateData data)
    {
        object? piped = null;
        var first = true;
        foreach (var command in action.Commands!)
        {
            piped = ExecuteCommand(name, action.Line, command, first ? null : piped, !first, data);
            first = false;
        }
        return TemplateValue.Print(piped);
    }

    private static object? ExecuteCommand(
        string name, int line, IReadOnlyList<TemplateToken> command, object? piped, bool hasPiped, TemplateData data)
    {
        var head = command[0];
        if (head.Kind != TemplateTokenKind.Identifier)
        {
            if (command.Count > 1 || hasPiped)
            {
                throw new TemplateParseException($"template: {name}:{line}: can't give argument to non-function {head.Text}");
            }
            return Operand(name, line, head, data);
        }
        var args = command.Skip(1).Select(t => Operand(name, line, t, data)).ToList();
        if (hasPiped)
        {
            args.Add(piped);
        }
        try
        {
            return TemplateFunctions.Call(head.Text, args);
        }
        catch (TemplateFunctionException e)
        {
            var at = string.Join(" ", command.Select(t => t.Text));
            throw new TemplateException(
                $"template: {name}:{head.Position}: executing \"{name}\" at <{at}>: error calling {head.Text}: {e.Message}");
        }
    }

    private static object? Operand(string name, int line, TemplateToken token, TemplateData data)
    {
        switch (token.Kind)
        {
            case TemplateTokenKind.String:
                return token.Value;
            case TemplateTokenKind.Number:
                return token.Value;
            case TemplateTokenKind.Identifier:
                throw new TemplateParseException($"template: {name}:{line}: function {token.Text} used as an argument needs parentheses, which alert templates do not support");
        }
        // A variable or field chain: $labels.x, $value, .Labels.x, .Value, $externalLabels.x
        var parts = token.Text.Split('.');
        object? value = parts[0] switch
        {
            "$labels" => data.Labels,
            "$value" => data.Value,
            "$externalLabels" => data.ExternalLabels,
            "$externalURL" => data.ExternalUrl,
            "$" or "" => data,
            _ => throw new TemplateParseException($"template: {name}:{line}: undefined variable \"{parts[0]}\""),
        };
        foreach (var field in parts.Skip(1).Where(p => p.Length > 0))
        {
            value = value switch
            {
                // missingkey=zero, as Prometheus: an absent label is the empty string.
                IReadOnlyDictionary<string, string> map => map.TryGetValue(field, out var v) ? v : "",
                TemplateData root => field switch
                {
                    "Labels" => root.Labels,
                    "Value" => root.Value,
                    "ExternalLabels" => root.ExternalLabels,
                    "ExternalURL" => root.ExternalUrl,
                    _ => throw new TemplateException(
                        $"template: {name}:{token.Position}: executing \"{name}\" at <{token.Text}>: can't evaluate field {field} in type *template.tmplData"),
                },
                _ => throw new TemplateException(
                    $"template: {name}:{token.Position}: executing \"{name}\" at <{token.Text}>: can't evaluate field {field} in type {TemplateValue.TypeName(value)}"),
            };
        }
        return value is TemplateData ? "{}" : value;
    }
}

/// <summary>A failure while running an action (Prometheus: "error executing template").</summary>
internal class TemplateException(string message) : Exception(message);

/// <summary>Text that is not a template this subset can read (Prometheus: "error parsing template").</summary>
internal sealed class TemplateParseException(string message) : TemplateException(message);
