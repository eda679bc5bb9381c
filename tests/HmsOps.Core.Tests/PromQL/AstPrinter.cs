using System.Globalization;
using HmsOps.Core.PromQL;

namespace HmsOps.Core.Tests.PromQL;

/// <summary>A compact, unambiguous rendering of a parsed tree, so a test states the expected shape in one line.</summary>
internal static class AstPrinter
{
    public static string Print(Expr expr) => expr switch
    {
        NumberLiteral n => n.Value.ToString("R", CultureInfo.InvariantCulture),
        StringLiteral s => $"'{s.Value}'",
        VectorSelector v => Selector(v),
        MatrixSelector m => $"{Selector(m.Selector)}[{m.Range.TotalMilliseconds}]",
        SubqueryExpr s => $"({Print(s.Inner)})[{s.Range.TotalMilliseconds}:{s.Step?.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) ?? ""}]"
            + (s.Offset == TimeSpan.Zero ? "" : $" offset {s.Offset.TotalMilliseconds}"),
        Call c => $"{c.Function}({string.Join(", ", c.Args.Select(Print))})",
        AggregateExpr a => $"{a.Op.ToString().ToLowerInvariant()} {(a.Without ? "without" : "by")}({string.Join(",", a.Grouping)}) ("
            + (a.Parameter is null ? "" : Print(a.Parameter) + ", ") + Print(a.Inner) + ")",
        BinaryExpr b => $"({Print(b.Left)} {b.Op}{(b.ReturnBool ? " bool" : "")}{Matching(b.Matching)} {Print(b.Right)})",
        UnaryExpr u => $"-{Print(u.Inner)}",
        ParenExpr p => $"paren {Print(p.Inner)}",
        _ => expr.GetType().Name,
    };

    private static string Selector(VectorSelector v) =>
        $"{v.MetricName}{{{string.Join(",", v.Matchers.Select(m => $"{m.Name}{Op(m.Op)}'{m.Value}'"))}}}"
        + (v.Offset == TimeSpan.Zero ? "" : $" offset {v.Offset.TotalMilliseconds}");

    private static string Matching(VectorMatching? m) => m is null ? ""
        : $" {m.Cardinality}{(m.On ? " on" : " ignoring")}({string.Join(",", m.MatchingLabels)})"
          + (m.Include.Count > 0 ? $" include({string.Join(",", m.Include)})" : "");

    private static string Op(MatchOp op) => op switch
    {
        MatchOp.Equal => "=",
        MatchOp.NotEqual => "!=",
        MatchOp.Regex => "=~",
        _ => "!~",
    };
}
