namespace HmsOps.Core.PromQL.Parsing;

/// <summary>Prometheus's static checks (checkAST): argument types, operand types, matching rules; first error wins.</summary>
internal static class TypeChecker
{
    public static PromValueType TypeOf(Expr expr) => expr switch
    {
        NumberLiteral => PromValueType.Scalar,
        StringLiteral => PromValueType.String,
        VectorSelector => PromValueType.InstantVector,
        MatrixSelector or SubqueryExpr => PromValueType.RangeVector,
        Call call => Functions.Find(call.Function)!.ReturnType,
        AggregateExpr => PromValueType.InstantVector,
        BinaryExpr b => TypeOf(b.Left) == PromValueType.Scalar && TypeOf(b.Right) == PromValueType.Scalar
            ? PromValueType.Scalar : PromValueType.InstantVector,
        UnaryExpr u => TypeOf(u.Inner),
        ParenExpr p => TypeOf(p.Inner),
        _ => throw new InvalidOperationException($"unknown expression {expr.GetType().Name}"),
    };

    public static string Documented(PromValueType type) => type switch
    {
        PromValueType.Scalar => "scalar",
        PromValueType.String => "string",
        PromValueType.InstantVector => "instant vector",
        _ => "range vector",
    };

    /// <summary>Prometheus's internal ValueType names, used in a few messages.</summary>
    private static string Internal(PromValueType type) => type switch
    {
        PromValueType.Scalar => "scalar",
        PromValueType.String => "string",
        PromValueType.InstantVector => "vector",
        _ => "matrix",
    };

    public static PromValueType Check(Expr expr, IReadOnlyDictionary<Expr, int> operatorPositions)
    {
        switch (expr)
        {
            case ParenExpr p:
                return Check(p.Inner, operatorPositions);
            case UnaryExpr u:
                var inner = Check(u.Inner, operatorPositions);
                if (inner is not (PromValueType.Scalar or PromValueType.InstantVector))
                {
                    throw new SyntaxError(u.Position,
                        $"unary expression only allowed on expressions of type scalar or instant vector, got \"{Documented(inner)}\"");
                }
                return inner;
            case SubqueryExpr s:
                var sub = Check(s.Inner, operatorPositions);
                if (sub != PromValueType.InstantVector)
                {
                    throw new SyntaxError(s.Position, $"subquery is only allowed on instant vector, got {Internal(sub)} instead");
                }
                return PromValueType.RangeVector;
            case MatrixSelector m:
                Check(m.Selector, operatorPositions);
                return PromValueType.RangeVector;
            case VectorSelector v:
                CheckSelector(v);
                return PromValueType.InstantVector;
            case Call call:
                CheckCall(call, operatorPositions);
                return TypeOf(call);
            case AggregateExpr a:
                ExpectType(a.Inner, PromValueType.InstantVector, "aggregation expression", operatorPositions);
                if (a.Op is AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.Quantile)
                {
                    ExpectType(a.Parameter!, PromValueType.Scalar, "aggregation parameter", operatorPositions);
                }
                if (a.Op == AggregateOp.CountValues)
                {
                    ExpectType(a.Parameter!, PromValueType.String, "aggregation parameter", operatorPositions);
                }
                return PromValueType.InstantVector;
            case BinaryExpr b:
                CheckBinary(b, operatorPositions);
                return TypeOf(b);
            default:
                return TypeOf(expr);
        }
    }

    public static void CheckSelector(VectorSelector v)
    {
        if (v.MetricName is not null)
        {
            foreach (var m in v.Matchers.Take(v.Matchers.Count - 1))
            {
                if (m.Name == Telemetry.LabelSet.MetricNameLabel)
                {
                    throw new SyntaxError(v.Position, $"metric name must not be set twice: \"{v.MetricName}\" or \"{m.Value}\"");
                }
            }
            return;
        }
        if (!v.Matchers.Any(m => !Matching.CompiledMatcher.Compile(m).Matches("")))
        {
            throw new SyntaxError(v.Position, "vector selector must contain at least one non-empty matcher");
        }
    }

    private static void CheckCall(Call call, IReadOnlyDictionary<Expr, int> operatorPositions)
    {
        var signature = Functions.Find(call.Function)!;
        var declared = signature.ArgTypes.Length;
        if (signature.Variadic == 0)
        {
            if (declared != call.Args.Count)
            {
                throw new SyntaxError(call.Position,
                    $"expected {declared} argument(s) in call to \"{call.Function}\", got {call.Args.Count}");
            }
        }
        else
        {
            var required = declared - 1;
            if (required > call.Args.Count)
            {
                throw new SyntaxError(call.Position,
                    $"expected at least {required} argument(s) in call to \"{call.Function}\", got {call.Args.Count}");
            }
            if (signature.Variadic > 0 && required + signature.Variadic < call.Args.Count)
            {
                throw new SyntaxError(call.Position,
                    $"expected at most {required + signature.Variadic} argument(s) in call to \"{call.Function}\", got {call.Args.Count}");
            }
        }
        for (var i = 0; i < call.Args.Count; i++)
        {
            var typeIndex = i;
            if (i >= declared)
            {
                if (signature.Variadic == 0)
                {
                    break;
                }
                typeIndex = declared - 1;
            }
            ExpectType(call.Args[i], signature.ArgTypes[typeIndex], $"call to function \"{call.Function}\"", operatorPositions);
        }
    }

    private static void CheckBinary(BinaryExpr b, IReadOnlyDictionary<Expr, int> operatorPositions)
    {
        var left = Check(b.Left, operatorPositions);
        var right = Check(b.Right, operatorPositions);
        var opPosition = operatorPositions.TryGetValue(b, out var p) ? p : b.Position;
        var comparison = b.Op is BinaryOp.Eq or BinaryOp.Ne or BinaryOp.Gt or BinaryOp.Lt or BinaryOp.Ge or BinaryOp.Le;
        var setOp = b.Op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless;
        if (b.ReturnBool && !comparison)
        {
            throw new SyntaxError(opPosition, "bool modifier can only be used on comparison operators");
        }
        if (comparison && !b.ReturnBool && left == PromValueType.Scalar && right == PromValueType.Scalar)
        {
            throw new SyntaxError(opPosition, "comparisons between scalars must use BOOL modifier");
        }
        if (b.Matching is { On: true } matching)
        {
            foreach (var label in matching.MatchingLabels)
            {
                if (matching.Include.Contains(label))
                {
                    throw new SyntaxError(opPosition, $"label \"{label}\" must not occur in ON and GROUP clause at once");
                }
            }
        }
        if (left is not (PromValueType.Scalar or PromValueType.InstantVector))
        {
            throw new SyntaxError(b.Left.Position, "binary expression must contain only scalar and instant vector types");
        }
        if (right is not (PromValueType.Scalar or PromValueType.InstantVector))
        {
            throw new SyntaxError(b.Right.Position, "binary expression must contain only scalar and instant vector types");
        }
        var bothVectors = left == PromValueType.InstantVector && right == PromValueType.InstantVector;
        if (!bothVectors && b.Matching is { MatchingLabels.Count: > 0 })
        {
            throw new SyntaxError(b.Position, "vector matching only allowed between instant vectors");
        }
        if (bothVectors && setOp && b.Matching is { Cardinality: MatchCardinality.ManyToOne or MatchCardinality.OneToMany })
        {
            throw new SyntaxError(b.Position, $"no grouping allowed for \"{OpText(b.Op)}\" operation");
        }
        if (setOp && (left == PromValueType.Scalar || right == PromValueType.Scalar))
        {
            throw new SyntaxError(b.Position, $"set operator \"{OpText(b.Op)}\" not allowed in binary scalar expression");
        }
    }

    private static void ExpectType(Expr expr, PromValueType want, string context, IReadOnlyDictionary<Expr, int> operatorPositions)
    {
        var got = Check(expr, operatorPositions);
        if (got != want)
        {
            throw new SyntaxError(expr.Position, $"expected type {Documented(want)} in {context}, got {Documented(got)}");
        }
    }

    public static string OpText(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+", BinaryOp.Sub => "-", BinaryOp.Mul => "*", BinaryOp.Div => "/", BinaryOp.Mod => "%",
        BinaryOp.Pow => "^", BinaryOp.Eq => "==", BinaryOp.Ne => "!=", BinaryOp.Gt => ">", BinaryOp.Lt => "<",
        BinaryOp.Ge => ">=", BinaryOp.Le => "<=", BinaryOp.And => "and", BinaryOp.Or => "or", _ => "unless",
    };
}
