using System.Globalization;

namespace HmsOps.Core.PromQL.Parsing;

/// <summary>
/// Recursive descent with precedence climbing over Prometheus's grammar. Grammar-level errors throw at once; type errors
/// are left to <see cref="TypeChecker"/>, which runs only on a syntactically valid tree, as in Prometheus.
/// </summary>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private int _next;

    public Parser(string input)
    {
        _tokens = Lexer.Tokenize(input);
    }

    /// <summary>Where each binary expression's operator is, for errors Prometheus reports at the operator.</summary>
    public Dictionary<Expr, int> OperatorPositions { get; } = new(ReferenceEqualityComparer.Instance);

    private Token Peek => _tokens[_next];

    public Expr ParseQuery()
    {
        if (Peek.Kind == TokenKind.Eof)
        {
            throw new SyntaxError(0, "no expression found in input");
        }
        var expr = ParseExpr(1);
        if (Peek.Kind != TokenKind.Eof)
        {
            throw Unexpected(Peek, "", "");
        }
        return expr;
    }

    public VectorSelector ParseSelectorOnly()
    {
        if (Peek.Kind == TokenKind.Eof)
        {
            throw new SyntaxError(0, "unexpected end of input");
        }
        var token = Peek;
        if (token.Kind is not (TokenKind.Identifier or TokenKind.MetricIdentifier or TokenKind.LeftBrace))
        {
            throw Unexpected(token, "", "");
        }
        _next++;
        var selector = ParseVectorSelector(token);
        if (Peek.Kind != TokenKind.Eof)
        {
            throw Unexpected(Peek, "", "");
        }
        return selector;
    }

    private Expr ParseExpr(int minPrecedence)
    {
        var left = ParseUnary();
        while (true)
        {
            var op = Peek;
            var precedence = Precedence(op.Kind);
            if (precedence < minPrecedence)
            {
                return left;
            }
            _next++;
            if (op.Kind == TokenKind.Atan2)
            {
                throw new PromQLException(QueryErrorType.BadData, "unsupported: the atan2 operator");
            }
            var returnBool = Accept(TokenKind.Bool);
            var matching = ParseMatching();
            var right = ParseExpr(op.Kind == TokenKind.Pow ? precedence : precedence + 1);
            var binary = new BinaryExpr(ToBinaryOp(op.Kind), left, right, returnBool, matching, left.Position);
            OperatorPositions[binary] = op.Position;
            left = binary;
        }
    }

    private VectorMatching? ParseMatching()
    {
        if (Peek.Kind is not (TokenKind.On or TokenKind.Ignoring))
        {
            return null;
        }
        var on = _tokens[_next++].Kind == TokenKind.On;
        var labels = ParseGroupingLabels();
        var cardinality = MatchCardinality.OneToOne;
        IReadOnlyList<string> include = [];
        if (Peek.Kind is TokenKind.GroupLeft or TokenKind.GroupRight)
        {
            cardinality = _tokens[_next++].Kind == TokenKind.GroupLeft ? MatchCardinality.ManyToOne : MatchCardinality.OneToMany;
            if (Peek.Kind == TokenKind.LeftParen)
            {
                include = ParseGroupingLabels();
            }
        }
        return new VectorMatching(cardinality, labels, on, include);
    }

    private Expr ParseUnary()
    {
        var token = Peek;
        if (token.Kind is TokenKind.Sub or TokenKind.Add)
        {
            _next++;
            // Unary minus binds like multiplication: only ^ (and postfix modifiers) bind tighter.
            var operand = ParseExpr(Precedence(TokenKind.Pow));
            if (token.Kind == TokenKind.Add)
            {
                return operand is NumberLiteral n ? n with { Position = token.Position } : operand;
            }
            return operand is NumberLiteral number
                ? new NumberLiteral(-number.Value, token.Position)
                : new UnaryExpr(operand, token.Position);
        }
        return ParsePostfix(ParsePrimary());
    }

    private Expr ParsePostfix(Expr expr)
    {
        while (true)
        {
            switch (Peek.Kind)
            {
                case TokenKind.LeftBracket:
                    expr = ParseRangeOrSubquery(expr);
                    break;
                case TokenKind.Offset:
                    expr = ParseOffset(expr);
                    break;
                case TokenKind.At:
                    throw new PromQLException(QueryErrorType.BadData, "unsupported: the @ modifier");
                default:
                    return expr;
            }
        }
    }

    private Expr ParseRangeOrSubquery(Expr expr)
    {
        var open = _tokens[_next++];
        if (Peek.Kind == TokenKind.Number)
        {
            throw new SyntaxError(Peek.Position, "missing unit character in duration");
        }
        if (Peek.Kind != TokenKind.Duration)
        {
            throw Unexpected(Peek, "subquery selector", "duration");
        }
        var range = ParseDuration(_tokens[_next++]);
        if (Accept(TokenKind.RightBracket))
        {
            if (expr is not VectorSelector selector)
            {
                throw new SyntaxError(open.Position, "ranges only allowed for vector selectors");
            }
            if (selector.Offset != TimeSpan.Zero)
            {
                throw new SyntaxError(open.Position, "no offset modifiers allowed before range");
            }
            return new MatrixSelector(selector, range, expr.Position);
        }
        if (!Accept(TokenKind.Colon))
        {
            throw Unexpected(Peek, "subquery or range", "\":\" or \"]\"");
        }
        TimeSpan? step = null;
        if (Peek.Kind == TokenKind.Duration)
        {
            step = ParseDuration(_tokens[_next++]);
            if (!Accept(TokenKind.RightBracket))
            {
                throw Unexpected(Peek, "subquery selector", "\"]\"");
            }
        }
        else if (!Accept(TokenKind.RightBracket))
        {
            throw Unexpected(Peek, "subquery selector", "duration or \"]\"");
        }
        return new SubqueryExpr(expr, range, step, TimeSpan.Zero, expr.Position);
    }

    private Expr ParseOffset(Expr expr)
    {
        var offsetToken = _tokens[_next++];
        var negative = Accept(TokenKind.Sub);
        if (Peek.Kind != TokenKind.Duration)
        {
            throw Unexpected(Peek, "offset", "duration");
        }
        var offset = ParseDuration(_tokens[_next++]);
        if (negative)
        {
            offset = -offset;
        }
        TimeSpan existing;
        Expr result;
        switch (expr)
        {
            case VectorSelector selector:
                existing = selector.Offset;
                result = selector with { Offset = offset };
                break;
            case MatrixSelector matrix:
                existing = matrix.Selector.Offset;
                result = matrix with { Selector = matrix.Selector with { Offset = offset } };
                break;
            case SubqueryExpr subquery:
                existing = subquery.Offset;
                result = subquery with { Offset = offset };
                break;
            default:
                throw new SyntaxError(expr.Position,
                    "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        }
        if (existing != TimeSpan.Zero)
        {
            throw new SyntaxError(expr.Position, "offset may not be set multiple times");
        }
        _ = offsetToken;
        return result;
    }

    private Expr ParsePrimary()
    {
        var token = Peek;
        _next++;
        switch (token.Kind)
        {
            case TokenKind.Number:
                return new NumberLiteral(ParseNumber(token), token.Position);
            case TokenKind.String:
                return new StringLiteral(token.Text, token.Position);
            case TokenKind.LeftParen:
                var inner = ParseExpr(1);
                if (!Accept(TokenKind.RightParen))
                {
                    throw Unexpected(Peek, "paren expression", "\")\"");
                }
                return new ParenExpr(inner, token.Position);
            case TokenKind.Aggregator when Peek.Kind is TokenKind.LeftParen or TokenKind.By or TokenKind.Without:
                return ParseAggregate(token);
            case TokenKind.Aggregator or TokenKind.By or TokenKind.Without or TokenKind.Offset or TokenKind.And or TokenKind.Or
                or TokenKind.Unless:
                // Prometheus's grammar lets these words name a metric where no keyword fits.
                return ParseVectorSelector(token with { Kind = TokenKind.Identifier });
            case TokenKind.Identifier when Peek.Kind == TokenKind.LeftParen:
                return ParseCall(token);
            case TokenKind.Identifier or TokenKind.MetricIdentifier or TokenKind.LeftBrace:
                return ParseVectorSelector(token);
            case TokenKind.At:
                throw new PromQLException(QueryErrorType.BadData, "unsupported: the @ modifier");
            default:
                _next--;
                throw Unexpected(token, "", "");
        }
    }

    private Expr ParseCall(Token name)
    {
        var signature = Functions.Find(name.Text);
        if (signature is null)
        {
            if (Functions.IsKnownUnsupported(name.Text))
            {
                throw new PromQLException(QueryErrorType.BadData, $"unsupported function \"{name.Text}\"");
            }
            throw new SyntaxError(name.Position, $"unknown function with name \"{name.Text}\"");
        }
        return new Call(signature.Name, ParseCallArgs(), name.Position);
    }

    private List<Expr> ParseCallArgs()
    {
        Expect(TokenKind.LeftParen, "function call", "\"(\"");
        var args = new List<Expr>();
        if (Accept(TokenKind.RightParen))
        {
            return args;
        }
        while (true)
        {
            args.Add(ParseExpr(1));
            if (Accept(TokenKind.RightParen))
            {
                return args;
            }
            var comma = Peek;
            if (!Accept(TokenKind.Comma))
            {
                throw Unexpected(Peek, "function call", "\",\" or \")\"");
            }
            if (Peek.Kind == TokenKind.RightParen)
            {
                throw new SyntaxError(comma.Position, "trailing commas not allowed in function call args");
            }
        }
    }

    private Expr ParseAggregate(Token opToken)
    {
        var op = ToAggregateOp(opToken.Text);
        IReadOnlyList<string>? grouping = null;
        var without = false;
        if (Peek.Kind is TokenKind.By or TokenKind.Without)
        {
            without = _tokens[_next++].Kind == TokenKind.Without;
            grouping = ParseGroupingLabels();
        }
        if (Peek.Kind != TokenKind.LeftParen)
        {
            throw Unexpected(Peek, "aggregation", "");
        }
        var args = ParseCallArgs();
        if (grouping is null && Peek.Kind is TokenKind.By or TokenKind.Without)
        {
            without = _tokens[_next++].Kind == TokenKind.Without;
            grouping = ParseGroupingLabels();
        }
        if (args.Count == 0)
        {
            throw new SyntaxError(opToken.Position, "no arguments for aggregate expression provided");
        }
        var withParam = op is AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.Quantile or AggregateOp.CountValues;
        var desired = withParam ? 2 : 1;
        if (args.Count != desired)
        {
            throw new SyntaxError(opToken.Position,
                $"wrong number of arguments for aggregate expression provided, expected {desired}, got {args.Count}");
        }
        return new AggregateExpr(op, args[desired - 1], withParam ? args[0] : null, grouping ?? [], without, opToken.Position);
    }

    private List<string> ParseGroupingLabels()
    {
        if (!Accept(TokenKind.LeftParen))
        {
            throw Unexpected(Peek, "grouping opts", "\"(\"");
        }
        var labels = new List<string>();
        while (!Accept(TokenKind.RightParen))
        {
            var token = Peek;
            if (!IsLabelToken(token))
            {
                throw Unexpected(token, "grouping opts", "label");
            }
            _next++;
            labels.Add(token.Text);
            if (Accept(TokenKind.RightParen))
            {
                break;
            }
            if (!Accept(TokenKind.Comma))
            {
                throw Unexpected(Peek, "grouping opts", "\",\" or \")\"");
            }
        }
        return labels;
    }

    private VectorSelector ParseVectorSelector(Token first)
    {
        string? name = null;
        var matchers = new List<LabelMatcher>();
        if (first.Kind != TokenKind.LeftBrace)
        {
            name = first.Text;
            if (!Accept(TokenKind.LeftBrace))
            {
                return new VectorSelector(name, [new LabelMatcher(Telemetry.LabelSet.MetricNameLabel, MatchOp.Equal, name)], TimeSpan.Zero, first.Position);
            }
        }
        while (!Accept(TokenKind.RightBrace))
        {
            var label = Peek;
            if (!IsLabelToken(label) || label.Kind == TokenKind.MetricIdentifier)
            {
                throw Unexpected(label, "label matching", "identifier or \"}\"");
            }
            _next++;
            var opToken = Peek;
            MatchOp op = opToken.Kind switch
            {
                TokenKind.Assign => MatchOp.Equal,
                TokenKind.Neq => MatchOp.NotEqual,
                TokenKind.EqlRegex => MatchOp.Regex,
                TokenKind.NeqRegex => MatchOp.NotRegex,
                _ => throw Unexpected(opToken, "label matching", "label matching operator"),
            };
            _next++;
            var value = Peek;
            if (value.Kind != TokenKind.String)
            {
                throw Unexpected(value, "label matching", "string");
            }
            _next++;
            var matcher = new LabelMatcher(label.Text, op, value.Text);
            if (op is MatchOp.Regex or MatchOp.NotRegex)
            {
                try
                {
                    Matching.CompiledMatcher.Compile(matcher);
                }
                catch (ArgumentException e)
                {
                    throw new SyntaxError(label.Position, $"error parsing regexp: {e.Message}");
                }
            }
            matchers.Add(matcher);
            if (Accept(TokenKind.RightBrace))
            {
                break;
            }
            if (!Accept(TokenKind.Comma))
            {
                throw Unexpected(Peek, "label matching", "\",\" or \"}\"");
            }
        }
        if (name is not null)
        {
            matchers.Add(new LabelMatcher(Telemetry.LabelSet.MetricNameLabel, MatchOp.Equal, name));
        }
        return new VectorSelector(name, matchers, TimeSpan.Zero, first.Position);
    }

    private static bool IsLabelToken(Token token) =>
        token.Kind is TokenKind.Identifier or TokenKind.Aggregator or TokenKind.And or TokenKind.Or or TokenKind.Unless
            or TokenKind.Atan2 || token.IsKeyword
        || (token.Kind == TokenKind.Number && char.IsAsciiLetter(token.Text[0]));

    private static double ParseNumber(Token token)
    {
        var text = token.Text;
        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            return double.PositiveInfinity;
        }
        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }
        if (text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X'
            && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0)
        {
            return hex;
        }
        // Go's ParseInt with base 0 reads a leading 0 as octal: 010 is 8.
        if (text.Length > 1 && text[0] == '0' && text.All(c => c is >= '0' and <= '7'))
        {
            return Convert.ToInt64(text, 8);
        }
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        throw new SyntaxError(token.Position, $"error parsing number: strconv.ParseFloat: parsing \"{text}\": invalid syntax");
    }

    internal static TimeSpan ParseDuration(Token token)
    {
        // A bare "0" is valid in a rule file but not as a PromQL duration token.
        if (token.Text == "0" || !PromDuration.TryParse(token.Text, out var duration))
        {
            throw new SyntaxError(token.Position, $"not a valid duration string: \"{token.Text}\"");
        }
        if (duration == TimeSpan.Zero)
        {
            throw new SyntaxError(token.Position, "duration must be greater than 0");
        }
        return duration;
    }

    private bool Accept(TokenKind kind)
    {
        if (Peek.Kind != kind)
        {
            return false;
        }
        _next++;
        return true;
    }

    private void Expect(TokenKind kind, string context, string expected)
    {
        if (!Accept(kind))
        {
            throw Unexpected(Peek, context, expected);
        }
    }

    private static SyntaxError Unexpected(Token token, string context, string expected)
    {
        var message = "unexpected " + token.Describe();
        if (context.Length > 0)
        {
            message += " in " + context;
        }
        if (expected.Length > 0)
        {
            message += ", expected " + expected;
        }
        return new SyntaxError(token.Position, message);
    }

    private static int Precedence(TokenKind kind) => kind switch
    {
        TokenKind.Or => 1,
        TokenKind.And or TokenKind.Unless => 2,
        TokenKind.Eql or TokenKind.Neq or TokenKind.Lss or TokenKind.Lte or TokenKind.Gtr or TokenKind.Gte => 3,
        TokenKind.Add or TokenKind.Sub => 4,
        TokenKind.Mul or TokenKind.Div or TokenKind.Mod or TokenKind.Atan2 => 5,
        TokenKind.Pow => 6,
        _ => 0,
    };

    private static BinaryOp ToBinaryOp(TokenKind kind) => kind switch
    {
        TokenKind.Add => BinaryOp.Add, TokenKind.Sub => BinaryOp.Sub, TokenKind.Mul => BinaryOp.Mul, TokenKind.Div => BinaryOp.Div,
        TokenKind.Mod => BinaryOp.Mod, TokenKind.Pow => BinaryOp.Pow, TokenKind.Eql => BinaryOp.Eq, TokenKind.Neq => BinaryOp.Ne,
        TokenKind.Gtr => BinaryOp.Gt, TokenKind.Lss => BinaryOp.Lt, TokenKind.Gte => BinaryOp.Ge, TokenKind.Lte => BinaryOp.Le,
        TokenKind.And => BinaryOp.And, TokenKind.Or => BinaryOp.Or, _ => BinaryOp.Unless,
    };

    private static AggregateOp ToAggregateOp(string text) => text.ToLowerInvariant() switch
    {
        "sum" => AggregateOp.Sum, "avg" => AggregateOp.Avg, "min" => AggregateOp.Min, "max" => AggregateOp.Max,
        "count" => AggregateOp.Count, "stddev" => AggregateOp.Stddev, "stdvar" => AggregateOp.Stdvar, "topk" => AggregateOp.Topk,
        "bottomk" => AggregateOp.Bottomk, "quantile" => AggregateOp.Quantile, "count_values" => AggregateOp.CountValues,
        _ => AggregateOp.Group,
    };
}
