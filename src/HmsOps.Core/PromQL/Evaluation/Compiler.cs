namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>A query's evaluation times: start, start + interval, … ≤ end.</summary>
internal readonly record struct Grid(long StartMs, long EndMs, long IntervalMs)
{
    public int Steps => (int)((EndMs - StartMs) / IntervalMs) + 1;
}

/// <summary>
/// Turns a checked <see cref="Expr"/> into nodes for one grid. Selectors load their series once here, for every step;
/// subqueries evaluate their inner expression on their own aligned grid here too.
/// </summary>
internal sealed class Compiler(EvalContext context, Grid grid)
{
    public Node Compile(Expr expr)
    {
        switch (expr)
        {
            case ParenExpr p:
                return Compile(p.Inner);
            case NumberLiteral n:
                return new ConstantScalar(n.Value);
            case StringLiteral s:
                return new StringNode(s.Value);
            case VectorSelector v:
                return new VectorSelectorNode(context, v, grid.StartMs, grid.EndMs);
            case MatrixSelector or SubqueryExpr:
                return new MatrixNode(Windows(expr));
            case Call call:
                return CompileCall(call);
            case AggregateExpr a:
                var inner = Vector(a.Inner);
                ScalarNode? parameter = a.Op is AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.Quantile ? Scalar(a.Parameter!) : null;
                var valueLabel = a.Op == AggregateOp.CountValues ? StringOf(a.Parameter!) : null;
                return new AggregateNode(context, grid, a, inner, parameter, valueLabel);
            case UnaryExpr u:
                var operand = Compile(u.Inner);
                return operand is ScalarNode scalar ? new NegatedScalar(scalar) : new NegatedVector((VectorNode)operand);
            case BinaryExpr b:
                return CompileBinary(b);
            default:
                throw new PromQLException(QueryErrorType.BadData, $"unsupported expression {expr.GetType().Name}");
        }
    }

    private Node CompileBinary(BinaryExpr b)
    {
        var left = Compile(b.Left);
        var right = Compile(b.Right);
        return (left, right) switch
        {
            (ScalarNode l, ScalarNode r) => new BinaryScalar(b.Op, l, r),
            (VectorNode l, ScalarNode r) => new VectorScalarNode(b.Op, l, r, scalarOnLeft: false, b.ReturnBool),
            (ScalarNode l, VectorNode r) => new VectorScalarNode(b.Op, r, l, scalarOnLeft: true, b.ReturnBool),
            (VectorNode l, VectorNode r) when b.Op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless =>
                new SetOperationNode(b.Op, l, r, b.Matching!),
            (VectorNode l, VectorNode r) => new VectorVectorNode(b.Op, l, r, b.Matching!, b.ReturnBool),
            _ => throw new PromQLException(QueryErrorType.BadData, "binary expression must contain only scalar and instant vector types"),
        };
    }

    private Node CompileCall(Call call)
    {
        var args = call.Args.Select(Unwrap).ToArray();
        switch (call.Function)
        {
            case "rate" or "irate" or "increase" or "delta" or "idelta" or "avg_over_time" or "min_over_time" or "max_over_time"
                or "sum_over_time" or "count_over_time" or "last_over_time":
                return new RangeFunctionNode(context, call.Function, Windows(args[0]), null);
            case "quantile_over_time":
                return new RangeFunctionNode(context, call.Function, Windows(args[1]), Scalar(args[0]));
            case "abs" or "ceil" or "floor":
                return new MapNode(call.Function, Vector(args[0]), []);
            case "round":
                return new MapNode("round", Vector(args[0]), args.Length > 1 ? [Scalar(args[1])] : []);
            case "clamp":
                return new MapNode("clamp", Vector(args[0]), [Scalar(args[1]), Scalar(args[2])]);
            case "clamp_min" or "clamp_max":
                return new MapNode(call.Function, Vector(args[0]), [Scalar(args[1])]);
            case "scalar":
                return new ScalarOfVector(Vector(args[0]));
            case "vector":
                return new VectorOfScalar(Scalar(args[0]));
            case "time":
                return new TimeScalar();
            case "timestamp":
                return new TimestampNode(Vector(args[0]), args[0] is VectorSelector);
            case "absent":
                return new AbsentNode(Vector(args[0]), AbsentNode.LabelsFor(args[0]));
            case "label_replace":
                return new LabelReplaceNode(Vector(args[0]), StringOf(args[1]), StringOf(args[2]), StringOf(args[3]), StringOf(args[4]));
            case "label_join":
                return new LabelJoinNode(Vector(args[0]), StringOf(args[1]), StringOf(args[2]), args.Skip(3).Select(StringOf).ToArray());
            case "sort" or "sort_desc":
                return new SortNode(Vector(args[0]), call.Function == "sort_desc");
            case "histogram_quantile":
                return new HistogramQuantileNode(context, Scalar(args[0]), Vector(args[1]));
            default:
                throw new PromQLException(QueryErrorType.BadData, $"unsupported function \"{call.Function}\"");
        }
    }

    /// <summary>The range vector behind a matrix selector or a subquery.</summary>
    public WindowSource Windows(Expr expr)
    {
        switch (Unwrap(expr))
        {
            case MatrixSelector m:
                var offset = (long)m.Selector.Offset.TotalMilliseconds;
                var range = (long)m.Range.TotalMilliseconds;
                var series = SeriesLoader.Load(context, m.Selector, grid.StartMs - offset - range, grid.EndMs - offset);
                return new WindowSource(series, range, offset);
            case SubqueryExpr s:
                return Subquery(s);
            default:
                throw new PromQLException(QueryErrorType.BadData, "expected a range vector");
        }
    }

    /// <summary>
    /// Prometheus's subquery: the inner expression at every multiple of the step from the first one at or after
    /// (start - offset - range) through (end - offset); the outer step then takes its window from those points.
    /// </summary>
    private WindowSource Subquery(SubqueryExpr s)
    {
        var offset = (long)s.Offset.TotalMilliseconds;
        var range = (long)s.Range.TotalMilliseconds;
        var step = s.Step is { } written ? (long)written.TotalMilliseconds : context.DefaultSubqueryStepMs;
        var from = grid.StartMs - offset - range;
        var start = step * (from / step);
        if (start < from)
        {
            start += step;
        }
        var end = grid.EndMs - offset;
        var innerGrid = new Grid(start, Math.Max(start, end), step);
        var inner = (VectorNode)new Compiler(context, innerGrid).Compile(s.Inner);
        var collected = new Dictionary<Labels, (List<long> Timestamps, List<double> Values)>();
        var order = new List<Labels>();
        long held = 0;
        for (var t = start; t <= end; t += step)
        {
            context.Check();
            foreach (var sample in inner.Eval(t))
            {
                if (!collected.TryGetValue(sample.Labels, out var points))
                {
                    points = ([], []);
                    collected[sample.Labels] = points;
                    order.Add(sample.Labels);
                }
                points.Timestamps.Add(t);
                points.Values.Add(sample.Value);
                held++;
            }
        }
        context.Hold(held);
        var series = order.Select(l => new SeriesSamples(l, collected[l].Timestamps.ToArray(), collected[l].Values.ToArray())).ToArray();
        return new WindowSource(series, range, offset);
    }

    private VectorNode Vector(Expr expr) => (VectorNode)Compile(expr);

    private ScalarNode Scalar(Expr expr) => (ScalarNode)Compile(expr);

    private static string StringOf(Expr expr) => ((StringLiteral)Unwrap(expr)).Value;

    private static Expr Unwrap(Expr expr)
    {
        while (expr is ParenExpr p)
        {
            expr = p.Inner;
        }
        return expr;
    }
}

/// <summary>A range vector as a query's result (instant queries only): each series' points in the window.</summary>
internal sealed class MatrixNode(WindowSource source) : Node
{
    public WindowSource Source { get; } = source;
}
