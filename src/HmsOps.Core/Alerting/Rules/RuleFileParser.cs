using System.Globalization;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HmsOps.Core.Alerting.Rules;

/// <summary>
/// Reads one Prometheus rule file and validates it as promtool does: unknown keys, bad durations, bad names and
/// unparsable PromQL are all reported, each message naming file, group, rule and field. Works on the YAML node tree
/// rather than a deserializer so every unknown or mistyped key can be named precisely.
/// </summary>
public static class RuleFileParser
{
    private static readonly string[] GroupKeys = ["name", "interval", "limit", "rules"];
    private static readonly string[] RuleKeys = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"];

    public static RuleFileResult Parse(string file, string yaml, AlertingRulesOptions options)
    {
        var errors = new List<string>();
        YamlStream stream = new();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            return RuleFileResult.Failed(file, [$"{file}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}"]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return RuleFileResult.Ok(file, []);
        }
        if (stream.Documents.Count > 1)
        {
            return RuleFileResult.Failed(file, [$"{file}: only one YAML document is allowed"]);
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return RuleFileResult.Failed(file, [$"{file}: top level must be a mapping with a groups key"]);
        }
        var groups = new List<RuleGroup>();
        foreach (var (key, value) in root.Children)
        {
            var name = KeyName(key);
            if (name != "groups")
            {
                errors.Add($"{file}: field {name} not found in type rulefmt.RuleGroups");
                continue;
            }
            if (value is YamlScalarNode { Value: null or "" })
            {
                continue;
            }
            if (value is not YamlSequenceNode groupNodes)
            {
                errors.Add($"{file}: groups: must be a list");
                continue;
            }
            if (groupNodes.Children.Count > options.MaxGroupsPerFile)
            {
                errors.Add($"{file}: groups: {groupNodes.Children.Count} groups exceed the limit of {options.MaxGroupsPerFile}");
                continue;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < groupNodes.Children.Count; i++)
            {
                var group = ParseGroup(file, i + 1, groupNodes.Children[i], options, errors);
                if (group is null)
                {
                    continue;
                }
                if (!seen.Add(group.Name))
                {
                    errors.Add($"{file}: group \"{group.Name}\": name: repeated in the same file");
                }
                groups.Add(group);
            }
        }
        return errors.Count == 0 ? RuleFileResult.Ok(file, groups) : RuleFileResult.Failed(file, errors);
    }

    private static RuleGroup? ParseGroup(string file, int index, YamlNode node, AlertingRulesOptions options, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add($"{file}: group {index}: must be a mapping");
            return null;
        }
        var name = Scalar(map, "name") ?? "";
        var where = name.Length == 0 ? $"{file}: group {index}" : $"{file}: group \"{name}\"";
        var before = errors.Count;
        RejectUnknownKeys(map, GroupKeys, where, "rulefmt.RuleGroup", errors);
        RejectNonScalars(map, ["name", "interval", "limit"], where, errors);
        if (name.Trim().Length == 0)
        {
            errors.Add($"{where}: name: must not be empty");
        }
        TimeSpan? interval = null;
        if (Scalar(map, "interval") is { } intervalText)
        {
            interval = ParseDurationField(intervalText, $"{where}: interval", errors);
        }
        var limit = 0;
        if (Scalar(map, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit)))
        {
            errors.Add($"{where}: limit: not a non-negative integer \"{limitText}\"");
        }
        var rules = new List<Rule>();
        if (Child(map, "rules") is { } rulesNode and not YamlScalarNode { Value: null or "" })
        {
            if (rulesNode is not YamlSequenceNode ruleNodes)
            {
                errors.Add($"{where}: rules: must be a list");
            }
            else if (ruleNodes.Children.Count > options.MaxRulesPerGroup)
            {
                errors.Add($"{where}: rules: {ruleNodes.Children.Count} rules exceed the limit of {options.MaxRulesPerGroup}");
            }
            else
            {
                for (var i = 0; i < ruleNodes.Children.Count; i++)
                {
                    if (ParseRule(where, i + 1, ruleNodes.Children[i], errors) is { } rule)
                    {
                        rules.Add(rule);
                    }
                }
            }
        }
        return errors.Count == before ? new RuleGroup(name, interval, limit, rules) : null;
    }

    private static Rule? ParseRule(string groupWhere, int index, YamlNode node, List<string> errors)
    {
        if (node is not YamlMappingNode map)
        {
            errors.Add($"{groupWhere}, rule {index}: must be a mapping");
            return null;
        }
        var record = NonEmpty(Scalar(map, "record"));
        var alert = NonEmpty(Scalar(map, "alert"));
        var where = $"{groupWhere}, rule {index}" + (alert ?? record) switch { null => "", var n => $" (\"{n}\")" };
        var before = errors.Count;
        RejectUnknownKeys(map, RuleKeys, where, "rulefmt.RuleNode", errors);
        RejectNonScalars(map, ["record", "alert", "expr", "for", "keep_firing_for"], where, errors);
        if (record is not null && alert is not null)
        {
            errors.Add($"{where}: only one of record and alert may be set");
        }
        else if (record is null && alert is null)
        {
            errors.Add($"{where}: one of record or alert must be set");
        }
        if (record is not null && !MetricNames.IsValidMetricName(record))
        {
            errors.Add($"{where}: record: invalid metric name \"{record}\"");
        }
        var isRecording = record is not null && alert is null;
        var expr = Scalar(map, "expr");
        if (string.IsNullOrWhiteSpace(expr))
        {
            if (Child(map, "expr") is null or YamlScalarNode)
            {
                errors.Add($"{where}: expr: must be set");
            }
        }
        else
        {
            try
            {
                var parsed = PromQLParser.Parse(expr);
                var type = PromQLParser.TypeOf(parsed);
                if (isRecording && type is not (PromValueType.InstantVector or PromValueType.Scalar))
                {
                    errors.Add($"{where}: expr: a recording rule must return an instant vector or scalar, not {type}");
                }
            }
            catch (PromQLParseException e)
            {
                errors.Add($"{where}: expr: {e.Message}");
            }
        }
        var forDuration = TimeSpan.Zero;
        var keepFiringFor = TimeSpan.Zero;
        if (Scalar(map, "for") is { } forText)
        {
            forDuration = isRecording ? NotOnRecording("for") : ParseDurationField(forText, $"{where}: for", errors) ?? TimeSpan.Zero;
        }
        if (Scalar(map, "keep_firing_for") is { } keepText)
        {
            keepFiringFor = isRecording ? NotOnRecording("keep_firing_for")
                : ParseDurationField(keepText, $"{where}: keep_firing_for", errors) ?? TimeSpan.Zero;
        }
        var labels = StringMap(map, "labels", where, errors, forLabels: true);
        var annotations = StringMap(map, "annotations", where, errors, forLabels: false);
        if (isRecording && annotations.Count > 0)
        {
            errors.Add($"{where}: annotations: only allowed on alerting rules");
        }
        if (errors.Count != before)
        {
            return null;
        }
        return isRecording
            ? new RecordingRule(record!, expr!, labels)
            : new AlertingRule(alert!, expr!, forDuration, keepFiringFor, labels, annotations);

        TimeSpan NotOnRecording(string field)
        {
            errors.Add($"{where}: {field}: only allowed on alerting rules");
            return TimeSpan.Zero;
        }
    }

    private static Dictionary<string, string> StringMap(YamlMappingNode map, string field, string where, List<string> errors, bool forLabels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = Child(map, field);
        if (node is null or YamlScalarNode { Value: null or "" })
        {
            return result;
        }
        if (node is not YamlMappingNode entries)
        {
            errors.Add($"{where}: {field}: must be a mapping of names to strings");
            return result;
        }
        foreach (var (keyNode, valueNode) in entries.Children)
        {
            var name = KeyName(keyNode);
            if (!IsValidLabelName(name) || (forLabels && name == "__name__"))
            {
                errors.Add($"{where}: {field}: invalid {(forLabels ? "label" : "annotation")} name \"{name}\"");
            }
            else if (valueNode is not YamlScalarNode scalar)
            {
                errors.Add($"{where}: {field}: value of \"{name}\" must be a string");
            }
            else
            {
                result[name] = scalar.Value ?? "";
            }
        }
        return result;
    }

    // Prometheus's label-name rule; unlike user metric labels, rule labels may start with "__" (only __name__ is refused).
    private static bool IsValidLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static TimeSpan? ParseDurationField(string text, string where, List<string> errors)
    {
        if (PromDuration.TryParse(text, out var duration))
        {
            return duration;
        }
        errors.Add($"{where}: not a valid duration \"{text}\"");
        return null;
    }

    private static void RejectUnknownKeys(YamlMappingNode map, string[] known, string where, string type, List<string> errors)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = KeyName(key);
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                errors.Add($"{where}: field {name} not found in type {type}");
            }
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    // Only scalars are looked up this way; a list or mapping where a single value belongs is reported by
    // RejectNonScalars, so here it simply counts as absent.
    private static string? Scalar(YamlMappingNode map, string key) => Child(map, key) is YamlScalarNode scalar ? scalar.Value : null;

    private static void RejectNonScalars(YamlMappingNode map, string[] scalarKeys, string where, List<string> errors)
    {
        foreach (var key in scalarKeys)
        {
            if (Child(map, key) is { } node and not YamlScalarNode)
            {
                errors.Add($"{where}: {key}: must be a single value, not a list or mapping");
            }
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string KeyName(YamlNode key) => key is YamlScalarNode { Value: { } v } ? v : key.ToString();
}
