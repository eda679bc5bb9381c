using System.Globalization;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;
using YamlDotNet.RepresentationModel;

namespace HmsOps.Integration.Tests.Alerting;

/// <summary>One expected alert of a promtool <c>alert_rule_test</c>: labels (alertname added) and annotations.</summary>
internal sealed record ExpectedAlert(LabelSet Labels, LabelSet Annotations)
{
    public override string ToString() => $"{Labels} {Annotations}";
}

internal sealed record AlertRuleTest(TimeSpan EvalTime, string AlertName, IReadOnlyList<ExpectedAlert> ExpectedAlerts);

/// <summary>An input series: its labels and one value (or a gap) per input interval from time 0.</summary>
internal sealed record InputSeries(LabelSet Labels, IReadOnlyList<double?> Values);

internal sealed record PromtoolTestGroup(TimeSpan Interval, IReadOnlyList<InputSeries> Series, IReadOnlyList<AlertRuleTest> AlertTests);

/// <summary>
/// The parts of a <c>promtool test rules</c> file the differential test replays: rule files, evaluation interval,
/// input series in promtool's expanding notation, and the expected alerts at each eval time.
/// </summary>
internal sealed record PromtoolTestFile(IReadOnlyList<string> RuleFiles, TimeSpan EvaluationInterval, IReadOnlyList<PromtoolTestGroup> Tests)
{
    public static PromtoolTestFile Load(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var directory = Path.GetDirectoryName(path)!;
        var ruleFiles = Sequence(root, "rule_files").Select(n => Path.GetFullPath(Scalar(n), directory)).ToArray();
        var evaluationInterval = Duration(Optional(root, "evaluation_interval") ?? "1m");
        var tests = Sequence(root, "tests").Cast<YamlMappingNode>().Select(test =>
        {
            var interval = Optional(test, "interval") is { } text ? Duration(text) : evaluationInterval;
            var series = Sequence(test, "input_series").Cast<YamlMappingNode>()
                .Select(s => new InputSeries(SeriesLabels(Scalar(s["series"])), SeriesNotation.Expand(Scalar(s["values"]))))
                .ToArray();
            var alertTests = Sequence(test, "alert_rule_test").Cast<YamlMappingNode>().Select(t =>
            {
                var name = Scalar(t["alertname"]);
                var expected = Sequence(t, "exp_alerts").Cast<YamlMappingNode>().Select(a => new ExpectedAlert(
                        LabelSet.From(Map(a, "exp_labels").Append(KeyValuePair.Create("alertname", name))),
                        LabelSet.From(Map(a, "exp_annotations"))))
                    .ToArray();
                return new AlertRuleTest(Duration(Scalar(t["eval_time"])), name, expected);
            }).ToArray();
            return new PromtoolTestGroup(interval, series, alertTests);
        }).ToArray();
        return new PromtoolTestFile(ruleFiles, evaluationInterval, tests);
    }

    private static LabelSet SeriesLabels(string selector)
    {
        var parsed = (VectorSelector)PromQLParser.Parse(selector);
        return LabelSet.From(parsed.Matchers.Select(m => KeyValuePair.Create(m.Name, m.Value)));
    }

    private static TimeSpan Duration(string text) =>
        PromDuration.TryParse(text, out var duration) ? duration : throw new FormatException($"not a duration: {text}");

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode sequence ? sequence.Children : [];

    private static IEnumerable<KeyValuePair<string, string>> Map(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlMappingNode m
            ? m.Children.Select(p => KeyValuePair.Create(Scalar(p.Key), Scalar(p.Value)))
            : [];

    private static string? Optional(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? Scalar(node) : null;

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}

/// <summary>promtool's series notation: <c>a</c>, <c>axn</c>, <c>a+bxn</c>, <c>a-bxn</c>, <c>_</c>, <c>_xn</c> (n+1 values, gaps as null).</summary>
internal static class SeriesNotation
{
    public static IReadOnlyList<double?> Expand(string text)
    {
        var values = new List<double?>();
        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token == "stale")
            {
                throw new NotSupportedException("stale markers: the embedded store has no staleness markers");
            }
            var x = token.IndexOf('x', StringComparison.Ordinal);
            if (x < 0)
            {
                values.Add(token == "_" ? null : Number(token));
                continue;
            }
            var times = int.Parse(token[(x + 1)..], CultureInfo.InvariantCulture);
            var head = token[..x];
            if (head == "_")
            {
                values.AddRange(Enumerable.Repeat<double?>(null, times));
                continue;
            }
            // a+b or a-b; the sign search starts after the first character so "-3+1x2" works.
            var sign = head.IndexOfAny(['+', '-'], 1);
            var start = Number(sign < 0 ? head : head[..sign]);
            var step = sign < 0 ? 0 : Number(head[sign..]);
            for (var i = 0; i <= times; i++)
            {
                values.Add(start + i * step);
            }
        }
        return values;
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
