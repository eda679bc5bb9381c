namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>abs, ceil, floor, round, clamp, clamp_min, clamp_max: element-wise, dropping the metric name.</summary>
internal sealed class MapNode(string function, VectorNode inner, ScalarNode[] parameters) : VectorNode
{
    private readonly HashSet<Labels> _seen = [];

    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        var input = inner.Eval(t);
        double a = parameters.Length > 0 ? parameters[0].Eval(t) : 1, b = parameters.Length > 1 ? parameters[1].Eval(t) : 0;
        if (function == "clamp" && b < a)
        {
            return Output;
        }
        var toNearestInverse = 1.0 / a; // round: inverted as Prometheus does, for fewer rounding surprises.
        foreach (var sample in input)
        {
            var v = sample.Value;
            var value = function switch
            {
                "abs" => Math.Abs(v),
                "ceil" => Math.Ceiling(v),
                "floor" => Math.Floor(v),
                "round" => Math.Floor(v * toNearestInverse + 0.5) / toNearestInverse,
                "clamp" => Arithmetic.GoMax(a, Arithmetic.GoMin(b, v)),
                "clamp_min" => Arithmetic.GoMax(a, v),
                "clamp_max" => Arithmetic.GoMin(a, v),
                _ => throw new InvalidOperationException(function),
            };
            Output.Add(new Sample(sample.Labels.WithoutName(), value, t));
        }
        return Unique(Output, _seen);
    }
}

/// <summary>timestamp(v): a selector's own sample time in seconds, else the evaluation time; drops the name.</summary>
internal sealed class TimestampNode(VectorNode inner, bool ofSelector) : VectorNode
{
    private readonly HashSet<Labels> _seen = [];

    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        foreach (var sample in inner.Eval(t))
        {
            Output.Add(new Sample(sample.Labels.WithoutName(), (ofSelector ? sample.Timestamp : t) / 1000.0, t));
        }
        return Unique(Output, _seen);
    }
}

/// <summary>absent(v): one element with value 1 when v is empty, labelled from the selector's equality matchers.</summary>
internal sealed class AbsentNode(VectorNode inner, Labels labels) : VectorNode
{
    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        if (inner.Eval(t).Count == 0)
        {
            Output.Add(new Sample(labels, 1, t));
        }
        return Output;
    }

    public static Labels LabelsFor(Expr argument)
    {
        var matchers = argument switch
        {
            VectorSelector v => v.Matchers,
            MatrixSelector m => m.Selector.Matchers,
            _ => [],
        };
        var set = new List<KeyValuePair<string, string>>();
        var removed = new List<string>();
        foreach (var matcher in matchers)
        {
            if (matcher.Name == Telemetry.LabelSet.MetricNameLabel)
            {
                continue;
            }
            if (matcher.Op == MatchOp.Equal && !set.Any(p => p.Key == matcher.Name))
            {
                set.Add(new(matcher.Name, matcher.Value));
            }
            else
            {
                removed.Add(matcher.Name);
            }
        }
        set.RemoveAll(p => removed.Contains(p.Key));
        return Labels.FromUnsorted(set);
    }
}

/// <summary>sort / sort_desc: by value, NaN last; ties keep their order.</summary>
internal sealed class SortNode(VectorNode inner, bool descending) : VectorNode
{
    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        Output.AddRange(inner.Eval(t));
        var sorted = Output.OrderBy(s => s, Comparer<Sample>.Create(Compare)).ToArray();
        Output.Clear();
        Output.AddRange(sorted);
        return Output;
    }

    private int Compare(Sample a, Sample b)
    {
        var aNaN = double.IsNaN(a.Value);
        var bNaN = double.IsNaN(b.Value);
        if (aNaN || bNaN)
        {
            return aNaN.CompareTo(bNaN);
        }
        return descending ? b.Value.CompareTo(a.Value) : a.Value.CompareTo(b.Value);
    }
}

/// <summary>label_replace(v, dst, replacement, src, regex): Go's regexp Expand on a fully anchored match.</summary>
internal sealed class LabelReplaceNode : VectorNode
{
    private readonly VectorNode _inner;
    private readonly string _destination;
    private readonly string _replacement;
    private readonly string _source;
    private readonly GoRegex _regex;
    private readonly Dictionary<Labels, Labels> _cache = [];
    private readonly HashSet<Labels> _seen = [];

    public LabelReplaceNode(VectorNode inner, string destination, string replacement, string source, string regex)
    {
        _inner = inner;
        _destination = destination;
        _replacement = replacement;
        _source = source;
        _regex = GoRegex.TryCreate(regex) ?? throw EvalContext.Execution($"invalid regular expression in label_replace(): {regex}");
        if (!LabelNames.IsValid(destination))
        {
            throw EvalContext.Execution($"invalid destination label name in label_replace(): {destination}");
        }
    }

    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        foreach (var sample in _inner.Eval(t))
        {
            if (!_cache.TryGetValue(sample.Labels, out var labels))
            {
                var value = sample.Labels.Get(_source) ?? "";
                var expanded = _regex.MatchAndExpand(value, _replacement);
                labels = expanded is null ? sample.Labels : sample.Labels.With(_destination, expanded);
                _cache[sample.Labels] = labels;
            }
            Output.Add(new Sample(labels, sample.Value, t));
        }
        return Unique(Output, _seen);
    }
}

/// <summary>label_join(v, dst, separator, src...): the source values joined; an empty result removes dst.</summary>
internal sealed class LabelJoinNode : VectorNode
{
    private readonly VectorNode _inner;
    private readonly string _destination;
    private readonly string _separator;
    private readonly string[] _sources;
    private readonly Dictionary<Labels, Labels> _cache = [];
    private readonly HashSet<Labels> _seen = [];

    public LabelJoinNode(VectorNode inner, string destination, string separator, string[] sources)
    {
        _inner = inner;
        _destination = destination;
        _separator = separator;
        _sources = sources;
        foreach (var source in sources)
        {
            if (!LabelNames.IsValid(source))
            {
                throw EvalContext.Execution($"invalid source label name in label_join(): {source}");
            }
        }
        if (!LabelNames.IsValid(destination))
        {
            throw EvalContext.Execution($"invalid destination label name in label_join(): {destination}");
        }
    }

    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        foreach (var sample in _inner.Eval(t))
        {
            if (!_cache.TryGetValue(sample.Labels, out var labels))
            {
                var joined = string.Join(_separator, _sources.Select(s => sample.Labels.Get(s) ?? ""));
                labels = sample.Labels.With(_destination, joined);
                _cache[sample.Labels] = labels;
            }
            Output.Add(new Sample(labels, sample.Value, t));
        }
        return Unique(Output, _seen);
    }
}

internal static class LabelNames
{
    /// <summary>Prometheus's label name rule: [a-zA-Z_][a-zA-Z0-9_]*.</summary>
    public static bool IsValid(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }
        return true;
    }
}
