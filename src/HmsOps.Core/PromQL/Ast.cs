namespace HmsOps.Core.PromQL;

/// <summary>The type an expression evaluates to, as PromQL's type checker sees it.</summary>
public enum PromValueType { Scalar, String, InstantVector, RangeVector }

/// <summary>A parsed PromQL expression. <see cref="Position"/> is the 0-based character offset where it starts.</summary>
public abstract record Expr(int Position);

public sealed record NumberLiteral(double Value, int Position) : Expr(Position);

public sealed record StringLiteral(string Value, int Position) : Expr(Position);

public enum MatchOp { Equal, NotEqual, Regex, NotRegex }

/// <summary>
/// <c>name op "value"</c>. Regex matchers are fully anchored, as in Prometheus. An absent label matches as the empty string.
/// </summary>
public sealed record LabelMatcher(string Name, MatchOp Op, string Value);

/// <summary><c>metric{matchers} offset d</c>. The metric name, when given, is also in <see cref="Matchers"/> as <c>__name__="…"</c>.</summary>
public sealed record VectorSelector(string? MetricName, IReadOnlyList<LabelMatcher> Matchers, TimeSpan Offset, int Position) : Expr(Position);

/// <summary><c>selector[range]</c>; the offset lives on the inner selector.</summary>
public sealed record MatrixSelector(VectorSelector Selector, TimeSpan Range, int Position) : Expr(Position);

/// <summary><c>expr[range:step] offset d</c>; a null step means the engine's default evaluation interval.</summary>
public sealed record SubqueryExpr(Expr Inner, TimeSpan Range, TimeSpan? Step, TimeSpan Offset, int Position) : Expr(Position);

public sealed record Call(string Function, IReadOnlyList<Expr> Args, int Position) : Expr(Position);

public enum AggregateOp { Sum, Avg, Min, Max, Count, Stddev, Stdvar, Topk, Bottomk, Quantile, CountValues, Group }

/// <summary><c>op [by|without (labels)] ([parameter,] inner)</c>.</summary>
public sealed record AggregateExpr(AggregateOp Op, Expr Inner, Expr? Parameter, IReadOnlyList<string> Grouping, bool Without, int Position) : Expr(Position);

public enum BinaryOp { Add, Sub, Mul, Div, Mod, Pow, Eq, Ne, Gt, Lt, Ge, Le, And, Or, Unless }

public enum MatchCardinality { OneToOne, ManyToOne, OneToMany, ManyToMany }

/// <summary>
/// Vector matching of a binary expression between two instant vectors: <c>on(labels)</c> or <c>ignoring(labels)</c>,
/// and <c>group_left(include)</c> (ManyToOne) or <c>group_right(include)</c> (OneToMany). Set operators are ManyToMany.
/// </summary>
public sealed record VectorMatching(MatchCardinality Cardinality, IReadOnlyList<string> MatchingLabels, bool On, IReadOnlyList<string> Include);

/// <summary><c>left op [bool] [matching] right</c>; <see cref="Matching"/> is null unless both sides are instant vectors.</summary>
public sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, bool ReturnBool, VectorMatching? Matching, int Position) : Expr(Position);

/// <summary>Unary minus (unary plus is dropped by the parser).</summary>
public sealed record UnaryExpr(Expr Inner, int Position) : Expr(Position);

public sealed record ParenExpr(Expr Inner, int Position) : Expr(Position);
