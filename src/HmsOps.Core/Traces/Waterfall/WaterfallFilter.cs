using System.Text.Json;

namespace HmsOps.Core.Traces.Waterfall;

/// <summary>
/// What the waterfall's filter box asks: <c>service=checkout</c>, <c>name=GET /orders</c> (or <c>operation=</c>),
/// any attribute as <c>key=value</c> (span, then resource attributes; exact, case-insensitive), or free text
/// found in the service, name, span id, status message or any attribute key or value.
/// </summary>
public sealed class WaterfallFilter
{
    private readonly string? _key;
    private readonly string _value;

    private WaterfallFilter(string? key, string value)
    {
        _key = key;
        _value = value;
    }

    public string Text => _key is null ? _value : _key + "=" + _value;

    /// <summary>Null for an empty filter (every row shown).</summary>
    public static WaterfallFilter? Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return null;
        }
        var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0 && equals < trimmed.Length - 1)
        {
            return new WaterfallFilter(trimmed[..equals].Trim(), trimmed[(equals + 1)..].Trim());
        }
        return new WaterfallFilter(null, trimmed);
    }

    public bool Matches(WaterfallNode node)
    {
        if (node.Span is not { } span)
        {
            // A placeholder matches only by the id it stands for; its orphans match on their own.
            return _key is null && node.Name.Contains(_value, StringComparison.OrdinalIgnoreCase);
        }
        if (_key is null)
        {
            return span.Service.Contains(_value, StringComparison.OrdinalIgnoreCase)
                || span.Name.Contains(_value, StringComparison.OrdinalIgnoreCase)
                || span.SpanId.Equals(_value, StringComparison.OrdinalIgnoreCase)
                || (span.StatusMessage?.Contains(_value, StringComparison.OrdinalIgnoreCase) ?? false)
                || AnyAttribute(span.AttributesJson, (k, v) => k.Contains(_value, StringComparison.OrdinalIgnoreCase) || v.Contains(_value, StringComparison.OrdinalIgnoreCase))
                || AnyAttribute(span.ResourceJson, (k, v) => v.Contains(_value, StringComparison.OrdinalIgnoreCase));
        }
        switch (_key.ToLowerInvariant())
        {
            case "service":
            case "service.name":
                return span.Service.Equals(_value, StringComparison.OrdinalIgnoreCase);
            case "name":
            case "operation":
                return span.Name.Equals(_value, StringComparison.OrdinalIgnoreCase);
            case "status":
                return span.Status.ToString().Equals(_value, StringComparison.OrdinalIgnoreCase);
            default:
                return HasAttribute(span.AttributesJson) || HasAttribute(span.ResourceJson);
        }
    }

    private bool HasAttribute(string? json) =>
        AnyAttribute(json, (k, v) => k.Equals(_key, StringComparison.OrdinalIgnoreCase) && v.Equals(_value, StringComparison.OrdinalIgnoreCase));

    /// <summary>Cheap text check first: most spans of a large trace cannot match, and parsing each would dominate.</summary>
    private bool AnyAttribute(string? json, Func<string, string, bool> predicate)
    {
        if (string.IsNullOrEmpty(json) || !json.Contains(_value, StringComparison.OrdinalIgnoreCase) && !json.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }
        return SpanJson.Attributes(json).Any(a => predicate(a.Key, a.Value));
    }
}

/// <summary>Reads the span's JSON texts into display strings, tolerating anything malformed (shown raw, never thrown).</summary>
public static class SpanJson
{
    public static IReadOnlyList<KeyValuePair<string, string>> Attributes(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? Flatten(document.RootElement) : [new("(value)", document.RootElement.GetRawText())];
        }
        catch (JsonException)
        {
            return [new("(unreadable)", json)];
        }
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Flatten(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? [.. element.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, Display(p.Value)))]
            : [];

    public static string Display(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };
}
