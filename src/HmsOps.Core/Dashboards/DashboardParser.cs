using System.Text.Json;

namespace HmsOps.Core.Dashboards;

/// <summary>
/// Reads Grafana's dashboard JSON model. Fields outside the subset are ignored as Grafana ignores fields it does
/// not know; a field inside it with the wrong shape fails with its JSON path. Row panels are flattened: the
/// panels of a collapsed row (nested <c>panels</c>) and those following an expanded one are read the same way.
/// </summary>
public static class DashboardParser
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static Dashboard Parse(string json, string fileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new DashboardFormatException($"$ (line {ex.LineNumber + 1})", "not valid JSON: " + FirstSentence(ex.Message));
        }
        using (document)
        {
            var root = new JsonNodeReader(document.RootElement, "$");
            if (root.Element.ValueKind != JsonValueKind.Object)
            {
                throw root.Fail("expected a dashboard object");
            }
            // Grafana's "export for sharing" wraps nothing, but its API answers {"dashboard": {...}, "meta": ...}.
            if (root.Property("dashboard") is { } wrapped && wrapped.Element.ValueKind == JsonValueKind.Object)
            {
                root = wrapped;
            }
            return ReadDashboard(root, fileName);
        }
    }

    private static Dashboard ReadDashboard(JsonNodeReader root, string fileName)
    {
        var uid = root.Text("uid");
        if (string.IsNullOrWhiteSpace(uid))
        {
            uid = System.IO.Path.GetFileNameWithoutExtension(fileName);
        }
        var title = root.String("title");
        if (string.IsNullOrWhiteSpace(title))
        {
            throw (root.Property("title") ?? root).Fail(root.Property("title") is null ? "title is missing" : "title is empty");
        }
        var (from, to) = ReadTime(root);
        var variables = root.Property("templating")?.ArrayOf("list").Select(ReadVariable).OfType<VariableDefinition>().ToArray() ?? [];
        var duplicate = variables.GroupBy(v => v.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw root.Property("templating")!.Value.Fail($"variable '{duplicate.Key}' is defined twice");
        }
        var panels = new List<PanelDefinition>();
        ReadPanels(root.ArrayOf("panels"), panels, row: null);
        return new Dashboard(uid, title, fileName, from, to, ReadRefresh(root), variables, panels);
    }

    private static (string From, string To) ReadTime(JsonNodeReader root)
    {
        var time = root.Property("time");
        var from = time?.Text("from") ?? "now-6h";
        var to = time?.Text("to") ?? "now";
        foreach (var (name, value) in new[] { ("from", from), ("to", to) })
        {
            if (!TimeRangeSpec.TryParsePoint(value, out _))
            {
                throw new DashboardFormatException($"{time!.Value.Path}.{name}", $"'{value}' is not a time like now-1h or an ISO date");
            }
        }
        return (from, to);
    }

    private static TimeSpan? ReadRefresh(JsonNodeReader root)
    {
        var node = root.Property("refresh");
        if (node is null || node.Value.Element.ValueKind == JsonValueKind.False)
        {
            return null;
        }
        var text = root.Text("refresh");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return GrafanaInterval.TryParseDuration(text, out var refresh) && refresh > TimeSpan.Zero
            ? refresh
            : throw node.Value.Fail($"'{text}' is not a refresh interval like 10s or 1m");
    }

    private static VariableDefinition? ReadVariable(JsonNodeReader node)
    {
        var name = node.String("name");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw node.Fail("a variable needs a name");
        }
        var type = node.String("type") ?? "query";
        var query = node.Property("query") is { } q && q.Element.ValueKind == JsonValueKind.Object
            ? q.String("query") ?? ""
            : node.Text("query") ?? node.String("definition") ?? "";
        var current = ReadCurrent(node.Property("current"));
        var options = node.ArrayOf("options")
            .Select(o => new VariableOption(o.Text("text") ?? o.Text("value") ?? "", o.Text("value") ?? o.Text("text") ?? ""))
            .ToArray();
        VariableKind kind;
        switch (type)
        {
            case "query":
                kind = VariableKind.Query;
                break;
            case "custom":
            case "interval":
                // An interval variable is a list of durations; without "auto" it behaves as a custom one.
                kind = VariableKind.Custom;
                options = CustomOptions(query);
                break;
            case "constant":
            case "textbox":
                kind = VariableKind.Constant;
                current = [type == "textbox" && current.Length > 0 ? current[0] : query];
                break;
            case "datasource":
                // The console has one metrics source; datasource variables (DS_PROMETHEUS) pick nothing.
                return null;
            default:
                throw (node.Property("type") ?? node).Fail($"variable type '{type}' is not supported (query, custom, constant, textbox, interval)");
        }
        if (kind == VariableKind.Query && string.IsNullOrEmpty(query))
        {
            throw node.Fail($"query variable '{name}' has no query");
        }
        var hide = node.Int("hide") ?? 0;
        return new VariableDefinition(name, node.String("label"), kind, query, NullIfEmpty(node.String("regex")),
            node.Bool("multi"), node.Bool("includeAll"), NullIfEmpty(node.Text("allValue")), current, options,
            Hidden: hide == 2, Sort: node.Int("sort") ?? 0);
    }

    /// <summary>Grafana's custom syntax: comma-separated, <c>text : value</c> pairs, commas escaped with a backslash.</summary>
    internal static VariableOption[] CustomOptions(string query) =>
        System.Text.RegularExpressions.Regex.Split(query, @"(?<!\\),")
            .Select(part => part.Replace("\\,", ",", StringComparison.Ordinal).Trim())
            .Where(part => part.Length > 0)
            .Select(part =>
            {
                var split = part.IndexOf(" : ", StringComparison.Ordinal);
                return split < 0 ? new VariableOption(part, part) : new VariableOption(part[..split].Trim(), part[(split + 3)..].Trim());
            })
            .ToArray();

    private static string[] ReadCurrent(JsonNodeReader? current)
    {
        var value = current?.Property("value");
        if (value is null)
        {
            return [];
        }
        return value.Value.Element.ValueKind switch
        {
            JsonValueKind.Array => value.Value.Items().Select(i => i.Element.ValueKind == JsonValueKind.String ? i.Element.GetString()! : i.Element.GetRawText()).ToArray(),
            JsonValueKind.String => [value.Value.Element.GetString()!],
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => [value.Value.Element.GetRawText()],
            _ => throw value.Value.Fail("expected a string or an array of strings"),
        };
    }

    private static void ReadPanels(IEnumerable<JsonNodeReader> nodes, List<PanelDefinition> into, (string Title, PanelRepeat? Repeat)? row)
    {
        foreach (var node in nodes)
        {
            if (node.Element.ValueKind != JsonValueKind.Object)
            {
                throw node.Fail("expected a panel object");
            }
            var type = node.String("type") ?? throw node.Fail("a panel needs a type");
            if (type == "row")
            {
                // Panels after a row belong to it until the next row; a collapsed row keeps them nested instead.
                row = (node.String("title") ?? "", ReadRepeat(node));
                ReadPanels(node.ArrayOf("panels"), into, row);
                continue;
            }
            into.Add(ReadPanel(node, type, row));
        }
    }

    private static PanelDefinition ReadPanel(JsonNodeReader node, string type, (string Title, PanelRepeat? Repeat)? row)
    {
        var options = node.Property("options");
        var defaults = node.Property("fieldConfig")?.Property("defaults");
        var ownRepeat = ReadRepeat(node);
        return new PanelDefinition(
            node.Int("id") ?? 0,
            PanelTypes.Migrate(type),
            node.String("title") ?? "",
            ReadGridPos(node),
            node.ArrayOf("targets").Select(ReadTarget).ToArray(),
            defaults is null ? FieldDefaults.None : ReadDefaults(defaults.Value),
            ReadCalcs(options),
            options?.String("content") ?? node.String("content"),
            ownRepeat ?? row?.Repeat,
            ownRepeat is null && row?.Repeat is not null,
            row?.Title,
            node.Int("maxDataPoints"),
            NullIfEmpty(node.String("interval")),
            node.Property("hmsOps")?.String("threshold"));
    }

    private static GridPos ReadGridPos(JsonNodeReader panel)
    {
        var node = panel.Property("gridPos");
        if (node is null)
        {
            return new GridPos(0, 0, 12, 8);
        }
        var grid = node.Value;
        int Field(string name, int fallback, int min, int max)
        {
            var value = grid.Int(name) ?? fallback;
            return value >= min && value <= max ? value : throw new DashboardFormatException($"{grid.Path}.{name}", $"{value} is outside {min}..{max}");
        }
        var x = Field("x", 0, 0, 23);
        var w = Field("w", 12, 1, 24);
        if (x + w > 24)
        {
            throw new DashboardFormatException($"{grid.Path}.w", $"x {x} + w {w} is wider than the 24 columns");
        }
        return new GridPos(x, Field("y", 0, 0, 10_000), w, Field("h", 8, 1, 200));
    }

    private static PanelTarget ReadTarget(JsonNodeReader node, int index) => new(
        node.String("refId") ?? ((char)('A' + Math.Min(index, 25))).ToString(),
        node.String("expr") ?? "",
        NullIfEmpty(node.String("legendFormat")),
        node.Bool("hide"),
        node.String("format"),
        node.Bool("instant"));

    private static FieldDefaults ReadDefaults(JsonNodeReader node)
    {
        var decimals = node.Int("decimals");
        if (decimals is < 0 or > 20)
        {
            throw node.Property("decimals")!.Value.Fail($"{decimals} is outside 0..20");
        }
        return new FieldDefaults(NullIfEmpty(node.String("unit")), node.Number("min"), node.Number("max"), decimals, ReadThresholds(node.Property("thresholds")),
            NullIfEmpty(node.Text("noValue")));
    }

    private static Thresholds? ReadThresholds(JsonNodeReader? node)
    {
        if (node is null)
        {
            return null;
        }
        var modeText = node.Value.String("mode") ?? "absolute";
        var mode = modeText switch
        {
            "absolute" => ThresholdsMode.Absolute,
            "percentage" => ThresholdsMode.Percentage,
            _ => throw node.Value.Property("mode")!.Value.Fail($"'{modeText}' is not absolute or percentage"),
        };
        var steps = node.Value.ArrayOf("steps")
            .Select(step => new ThresholdStep(step.String("color") ?? throw step.Fail("a threshold step needs a color"), step.Number("value")))
            .ToArray();
        return new Thresholds(mode, steps);
    }

    private static string[] ReadCalcs(JsonNodeReader? options)
    {
        if (options is null)
        {
            return [];
        }
        var calcs = options.Value.Property("reduceOptions")?.Property("calcs") ?? options.Value.Property("calculation");
        if (calcs is null)
        {
            return [];
        }
        var names = calcs.Value.Element.ValueKind == JsonValueKind.String
            ? [calcs.Value.Element.GetString()!]
            : calcs.Value.Items().Select(i => i.Element.ValueKind == JsonValueKind.String ? i.Element.GetString()! : throw i.Fail("expected a calculation name")).ToArray();
        foreach (var name in names)
        {
            if (!Reducer.IsKnown(name))
            {
                throw calcs.Value.Fail($"calculation '{name}' is not supported ({string.Join(", ", Reducer.Names)})");
            }
        }
        return names;
    }

    private static PanelRepeat? ReadRepeat(JsonNodeReader node)
    {
        var variable = NullIfEmpty(node.String("repeat"));
        if (variable is null)
        {
            return null;
        }
        var direction = node.String("repeatDirection") switch
        {
            null or "h" => RepeatDirection.Horizontal,
            "v" => RepeatDirection.Vertical,
            var other => throw node.Property("repeatDirection")!.Value.Fail($"'{other}' is not h or v"),
        };
        return new PanelRepeat(variable, direction, node.Int("maxPerRow"));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
