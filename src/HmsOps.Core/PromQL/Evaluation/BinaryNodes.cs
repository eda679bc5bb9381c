namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>Unary minus on a vector: negates and drops the metric name.</summary>
internal sealed class NegatedVector(VectorNode inner) : VectorNode
{
    private readonly HashSet<Labels> _seen = [];

    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        foreach (var sample in inner.Eval(t))
        {
            Output.Add(new Sample(sample.Labels.WithoutName(), -sample.Value, t));
        }
        return Unique(Output, _seen);
    }
}

/// <summary>vector op scalar, or scalar op vector (<paramref name="scalarOnLeft"/>); comparisons filter and keep the vector's value.</summary>
internal sealed class VectorScalarNode(BinaryOp op, VectorNode vector, ScalarNode scalar, bool scalarOnLeft, bool returnBool) : VectorNode
{
    private readonly HashSet<Labels> _seen = [];

    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        var input = vector.Eval(t);
        var s = scalar.Eval(t);
        var comparison = Arithmetic.IsComparison(op);
        var dropName = Arithmetic.IsArithmetic(op) || returnBool;
        foreach (var sample in input)
        {
            double l = sample.Value, r = s;
            if (scalarOnLeft)
            {
                (l, r) = (r, l);
            }
            var (value, keep) = Arithmetic.Apply(op, l, r);
            if (comparison && scalarOnLeft)
            {
                value = r;
            }
            if (returnBool)
            {
                value = keep ? 1 : 0;
                keep = true;
            }
            if (keep)
            {
                Output.Add(new Sample(dropName ? sample.Labels.WithoutName() : sample.Labels, value, t));
            }
        }
        return Unique(Output, _seen);
    }
}

/// <summary>Computes and caches each series' matching signature: the on() labels, or all but ignoring() labels and the name.</summary>
internal sealed class Signatures(VectorMatching matching)
{
    private readonly HashSet<string> _labels = matching.On
        ? new HashSet<string>(matching.MatchingLabels, StringComparer.Ordinal)
        : new HashSet<string>(matching.MatchingLabels.Append(Telemetry.LabelSet.MetricNameLabel), StringComparer.Ordinal);
    private readonly Dictionary<Labels, Labels> _cache = [];

    public Labels Of(Labels labels)
    {
        if (!_cache.TryGetValue(labels, out var signature))
        {
            signature = matching.On ? labels.Keep(_labels) : labels.Without(_labels);
            _cache[labels] = signature;
        }
        return signature;
    }
}

/// <summary>Arithmetic and comparison between two vectors with one-to-one, many-to-one or one-to-many matching.</summary>
internal sealed class VectorVectorNode : VectorNode
{
    private readonly BinaryOp _op;
    private readonly VectorNode _left;
    private readonly VectorNode _right;
    private readonly VectorMatching _matching;
    private readonly bool _returnBool;
    private readonly Signatures _signatures;
    private readonly HashSet<string> _matchingLabels;
    private readonly Dictionary<Labels, Sample> _rightBySignature = [];
    private readonly Dictionary<Labels, HashSet<Labels>?> _matched = [];
    private readonly Dictionary<(Labels, Labels), Labels> _resultLabels = [];
    private readonly HashSet<Labels> _seen = [];

    public VectorVectorNode(BinaryOp op, VectorNode left, VectorNode right, VectorMatching matching, bool returnBool)
    {
        _op = op;
        _left = left;
        _right = right;
        _matching = matching;
        _returnBool = returnBool;
        _signatures = new Signatures(matching);
        _matchingLabels = new HashSet<string>(matching.MatchingLabels, StringComparer.Ordinal);
    }

    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        var lhs = _left.Eval(t);
        var rhs = _right.Eval(t);
        if (lhs.Count == 0 || rhs.Count == 0)
        {
            return Output;
        }
        var swapped = _matching.Cardinality == MatchCardinality.OneToMany;
        if (swapped)
        {
            (lhs, rhs) = (rhs, lhs);
        }
        _rightBySignature.Clear();
        foreach (var rs in rhs)
        {
            var signature = _signatures.Of(rs.Labels);
            if (_rightBySignature.TryGetValue(signature, out var duplicate))
            {
                var side = swapped ? "left" : "right";
                var matched = _matching.On ? rs.Labels.Keep(_matchingLabels) : rs.Labels.Without(_matchingLabels);
                throw EvalContext.Execution(
                    $"found duplicate series for the match group {matched} on the {side} hand-side of the operation: " +
                    $"[{rs.Labels}, {duplicate.Labels}];many-to-many matching not allowed: matching labels must be unique on one side");
            }
            _rightBySignature[signature] = rs;
        }
        _matched.Clear();
        foreach (var ls in lhs)
        {
            var signature = _signatures.Of(ls.Labels);
            if (!_rightBySignature.TryGetValue(signature, out var rs))
            {
                continue;
            }
            double vl = ls.Value, vr = rs.Value;
            if (swapped)
            {
                (vl, vr) = (vr, vl);
            }
            var (value, keep) = Arithmetic.Apply(_op, vl, vr);
            if (_returnBool)
            {
                value = keep ? 1 : 0;
            }
            else if (!keep)
            {
                continue;
            }
            var metric = ResultLabels(ls.Labels, rs.Labels);
            if (_returnBool)
            {
                metric = metric.WithoutName();
            }
            var exists = _matched.TryGetValue(signature, out var inserted);
            if (_matching.Cardinality == MatchCardinality.OneToOne)
            {
                if (exists)
                {
                    throw EvalContext.Execution("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                }
                _matched[signature] = null;
            }
            else
            {
                if (!exists)
                {
                    inserted = [];
                    _matched[signature] = inserted;
                }
                if (!inserted!.Add(metric))
                {
                    throw EvalContext.Execution("multiple matches for labels: grouping labels must ensure unique matches");
                }
            }
            Output.Add(new Sample(metric, value, t));
        }
        return Unique(Output, _seen);
    }

    /// <summary>Prometheus's resultMetric: lhs labels, minus the name for arithmetic, narrowed for one-to-one, plus group_x labels from the "one" side.</summary>
    private Labels ResultLabels(Labels lhs, Labels rhs)
    {
        if (_resultLabels.TryGetValue((lhs, rhs), out var cached))
        {
            return cached;
        }
        var result = Arithmetic.IsArithmetic(_op) ? lhs.WithoutName() : lhs;
        if (_matching.Cardinality == MatchCardinality.OneToOne)
        {
            result = _matching.On ? result.Keep(_matchingLabels) : result.Without(_matchingLabels);
        }
        foreach (var name in _matching.Include)
        {
            result = result.With(name, rhs.Get(name) ?? "");
        }
        _resultLabels[(lhs, rhs)] = result;
        return result;
    }
}

/// <summary>and, or, unless: many-to-many set operations on matching signatures; labels are kept as they are.</summary>
internal sealed class SetOperationNode(BinaryOp op, VectorNode left, VectorNode right, VectorMatching matching) : VectorNode
{
    private readonly Signatures _signatures = new(matching);
    private readonly HashSet<Labels> _signaturesSeen = [];
    private readonly HashSet<Labels> _seen = [];

    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        var lhs = left.Eval(t);
        var rhs = right.Eval(t);
        _signaturesSeen.Clear();
        switch (op)
        {
            case BinaryOp.And:
                if (lhs.Count == 0 || rhs.Count == 0)
                {
                    return Output;
                }
                foreach (var rs in rhs)
                {
                    _signaturesSeen.Add(_signatures.Of(rs.Labels));
                }
                foreach (var ls in lhs)
                {
                    if (_signaturesSeen.Contains(_signatures.Of(ls.Labels)))
                    {
                        Output.Add(ls with { Timestamp = t });
                    }
                }
                break;
            case BinaryOp.Or:
                foreach (var ls in lhs)
                {
                    _signaturesSeen.Add(_signatures.Of(ls.Labels));
                    Output.Add(ls with { Timestamp = t });
                }
                foreach (var rs in rhs)
                {
                    if (lhs.Count == 0 || !_signaturesSeen.Contains(_signatures.Of(rs.Labels)))
                    {
                        Output.Add(rs with { Timestamp = t });
                    }
                }
                break;
            default:
                foreach (var rs in rhs)
                {
                    _signaturesSeen.Add(_signatures.Of(rs.Labels));
                }
                foreach (var ls in lhs)
                {
                    if (!_signaturesSeen.Contains(_signatures.Of(ls.Labels)))
                    {
                        Output.Add(ls with { Timestamp = t });
                    }
                }
                break;
        }
        return Unique(Output, _seen);
    }
}
