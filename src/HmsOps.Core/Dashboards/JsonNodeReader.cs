using System.Globalization;
using System.Text.Json;

namespace HmsOps.Core.Dashboards;

/// <summary>A JSON element with its path, so every error names the field (e.g. <c>$.panels[3].gridPos.w</c>).</summary>
internal readonly record struct JsonNodeReader(JsonElement Element, string Path)
{
    public JsonNodeReader? Property(string name) =>
        Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new JsonNodeReader(value, $"{Path}.{name}")
            : null;

    public IEnumerable<JsonNodeReader> Items()
    {
        if (Element.ValueKind != JsonValueKind.Array)
        {
            throw Fail("expected an array");
        }
        var index = 0;
        foreach (var item in Element.EnumerateArray())
        {
            yield return new JsonNodeReader(item, $"{Path}[{index++}]");
        }
    }

    public IEnumerable<JsonNodeReader> ArrayOf(string name) => Property(name)?.Items() ?? [];

    public string? String(string name)
    {
        var node = Property(name);
        return node is null ? null
            : node.Value.Element.ValueKind == JsonValueKind.String ? node.Value.Element.GetString()
            : throw node.Value.Fail("expected a string");
    }

    /// <summary>A string, or a number/boolean written where Grafana tolerates one, as text.</summary>
    public string? Text(string name)
    {
        var node = Property(name);
        return node?.Element.ValueKind switch
        {
            null => null,
            JsonValueKind.String => node.Value.Element.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => node.Value.Element.GetRawText(),
            _ => throw node.Value.Fail("expected a string"),
        };
    }

    public bool Bool(string name, bool fallback = false)
    {
        var node = Property(name);
        return node?.Element.ValueKind switch
        {
            null => fallback,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw node.Value.Fail("expected true or false"),
        };
    }

    public double? Number(string name)
    {
        var node = Property(name);
        if (node is null)
        {
            return null;
        }
        var element = node.Value.Element;
        if (element.ValueKind == JsonValueKind.Number)
        {
            return element.GetDouble();
        }
        // Grafana writes some numbers as strings ("maxDataPoints": "500", min/max typed into a text box).
        if (element.ValueKind == JsonValueKind.String
            && double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }
        if (element.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(element.GetString()))
        {
            return null;
        }
        throw node.Value.Fail("expected a number");
    }

    public int? Int(string name)
    {
        var value = Number(name);
        if (value is null)
        {
            return null;
        }
        return value.Value == Math.Floor(value.Value) && Math.Abs(value.Value) <= int.MaxValue
            ? (int)value.Value
            : throw Property(name)!.Value.Fail("expected a whole number");
    }

    public DashboardFormatException Fail(string reason) => new(Path, reason);
}
