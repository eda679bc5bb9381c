using HmsOps.Core.PromQL.Parsing;

namespace HmsOps.Core.PromQL;

/// <summary>
/// Parses PromQL into the <see cref="Expr"/> tree and type-checks it as Prometheus 2.42 does. Errors are
/// <see cref="PromQLParseException"/> with Prometheus's "line:col: parse error: …" text; constructs this engine does not
/// evaluate (the @ modifier, atan2, functions outside the supported list) are <see cref="PromQLException"/> naming them.
/// </summary>
public static class PromQLParser
{
    public static Expr Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            var parser = new Parser(query);
            var expr = parser.ParseQuery();
            TypeChecker.Check(expr, parser.OperatorPositions);
            return Normalize(expr);
        }
        catch (SyntaxError e)
        {
            throw new PromQLParseException(e.Position, Format(query, e.Position, e.Message));
        }
    }

    /// <summary>A series selector such as <c>up{job="api"}</c>, as the <c>match[]</c> parameter takes.</summary>
    public static VectorSelector ParseSelector(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var selector = new Parser(text).ParseSelectorOnly();
            TypeChecker.CheckSelector(selector);
            return selector;
        }
        catch (SyntaxError e)
        {
            throw new PromQLParseException(e.Position, Format(text, e.Position, e.Message));
        }
    }

    /// <summary>The static type of a parsed expression.</summary>
    public static PromValueType TypeOf(Expr expr) => TypeChecker.TypeOf(expr);

    /// <summary>The supported function names, for documentation and help texts.</summary>
    public static IEnumerable<string> SupportedFunctions => Functions.SupportedNames;

    private static string Format(string query, int position, string message)
    {
        var line = 1;
        var lastLineBreak = -1;
        for (var i = 0; i < Math.Min(position, query.Length); i++)
        {
            if (query[i] == '\n')
            {
                lastLineBreak = i;
                line++;
            }
        }
        return $"{line}:{position - lastLineBreak}: parse error: {message}";
    }

    /// <summary>
    /// Gives every binary expression between two instant vectors its matching (one-to-one on all labels by default,
    /// many-to-many for set operators) and removes it elsewhere, as Prometheus's checker does.
    /// </summary>
    private static Expr Normalize(Expr expr) => expr switch
    {
        BinaryExpr b => NormalizeBinary(b with { Left = Normalize(b.Left), Right = Normalize(b.Right) }),
        ParenExpr p => p with { Inner = Normalize(p.Inner) },
        UnaryExpr u => u with { Inner = Normalize(u.Inner) },
        SubqueryExpr s => s with { Inner = Normalize(s.Inner) },
        Call c => c with { Args = c.Args.Select(Normalize).ToArray() },
        AggregateExpr a => a with { Inner = Normalize(a.Inner), Parameter = a.Parameter is null ? null : Normalize(a.Parameter) },
        _ => expr,
    };

    private static BinaryExpr NormalizeBinary(BinaryExpr b)
    {
        var bothVectors = TypeOf(b.Left) == PromValueType.InstantVector && TypeOf(b.Right) == PromValueType.InstantVector;
        if (!bothVectors)
        {
            return b with { Matching = null };
        }
        var matching = b.Matching ?? new VectorMatching(MatchCardinality.OneToOne, [], false, []);
        if (b.Op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless)
        {
            matching = matching with { Cardinality = MatchCardinality.ManyToMany };
        }
        return b with { Matching = matching };
    }
}
