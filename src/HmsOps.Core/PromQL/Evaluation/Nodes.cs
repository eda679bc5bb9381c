namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>
/// A compiled expression, evaluated at increasing times of one grid. Vector nodes own their output list and reuse it
/// between steps: a consumer reads it before asking for the next step.
/// </summary>
internal abstract class Node;

internal abstract class ScalarNode : Node
{
    public abstract double Eval(long t);
}

internal abstract class VectorNode : Node
{
    protected List<Sample> Output { get; } = [];

    public abstract List<Sample> Eval(long t);

    /// <summary>
    /// All steps of <paramref name="grid"/> at once, or null when this node (or one below it) only evaluates step by
    /// step. Uses its own cursors, so <see cref="Eval"/> still works after a null or a result.
    /// </summary>
    public virtual IRowSource? EvaluateRange(Grid grid) => null;

    /// <summary>Prometheus refuses a step result holding two elements with the same labels.</summary>
    protected List<Sample> Unique(List<Sample> output, HashSet<Labels> seen)
    {
        if (output.Count < 2)
        {
            return output;
        }
        seen.Clear();
        foreach (var sample in output)
        {
            if (!seen.Add(sample.Labels))
            {
                throw EvalContext.Execution("vector cannot contain metrics with the same labelset");
            }
        }
        return output;
    }
}

internal sealed class StringNode(string value) : Node
{
    public string Value { get; } = value;
}

internal sealed class ConstantScalar(double value) : ScalarNode
{
    public override double Eval(long t) => value;
}

/// <summary>time(): the evaluation time in seconds.</summary>
internal sealed class TimeScalar : ScalarNode
{
    public override double Eval(long t) => t / 1000.0;
}

/// <summary>scalar(v): the single element's value, else NaN.</summary>
internal sealed class ScalarOfVector(VectorNode inner) : ScalarNode
{
    public override double Eval(long t)
    {
        var vector = inner.Eval(t);
        return vector.Count == 1 ? vector[0].Value : double.NaN;
    }
}

internal sealed class NegatedScalar(ScalarNode inner) : ScalarNode
{
    public override double Eval(long t) => -inner.Eval(t);
}

internal sealed class BinaryScalar(BinaryOp op, ScalarNode left, ScalarNode right) : ScalarNode
{
    public override double Eval(long t)
    {
        var (value, keep) = Arithmetic.Apply(op, left.Eval(t), right.Eval(t));
        return Arithmetic.IsComparison(op) ? (keep ? 1 : 0) : value;
    }
}

/// <summary>vector(s): one element without labels.</summary>
internal sealed class VectorOfScalar(ScalarNode inner) : VectorNode
{
    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        Output.Add(new Sample(Labels.Empty, inner.Eval(t), t));
        return Output;
    }
}
