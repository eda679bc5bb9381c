using System.Globalization;
using HmsOps.Core.Metrics;
using HmsOps.Core.PromQL.Evaluation;

namespace HmsOps.Core.PromQL;

/// <summary>
/// Evaluates PromQL over the embedded <see cref="TimeSeriesStore"/> with Prometheus 2.42's semantics: lookback,
/// inclusive range windows, extrapolated rates, aligned subqueries; limited by Metrics:QueryTimeout, MaxPoints and
/// MaxSamples with Prometheus's error types. Thread-safe: each query works on its own copy of the samples it needs.
/// </summary>
public sealed class PromQLEngine(TimeSeriesStore store, MetricsOptions options)
{
    /// <summary>
    /// Whether range queries may evaluate column-wise (all steps of a series at once) where the expression allows;
    /// off only in tests that check both ways give the same result.
    /// </summary>
    internal bool ColumnWise { get; init; } = true;

    public QueryValue Instant(string query, long timeMs, CancellationToken cancellationToken) =>
        Instant(PromQLParser.Parse(query), timeMs, cancellationToken);

    public QueryValue Instant(Expr expr, long timeMs, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.QueryTimeout);
        var context = new EvalContext(store, options, cancellationToken, timeout.Token) { ColumnWise = ColumnWise };
        context.Check();
        var node = new Compiler(context, new Grid(timeMs, timeMs, 1)).Compile(expr);
        switch (node)
        {
            case StringNode s:
                return new StringResult(timeMs, s.Value);
            case ScalarNode scalar:
                return new ScalarResult(timeMs, scalar.Eval(timeMs));
            case VectorNode vector:
                var samples = vector.Eval(timeMs);
                return new VectorResult(samples.Select(s => new VectorSample(s.Labels.ToLabelSet(), timeMs, s.Value)).ToArray());
            case MatrixNode matrix:
                var series = matrix.Source.At(timeMs)
                    .OrderBy(w => w.Series.Labels, Comparer<Labels>.Create(Labels.Compare))
                    .Select(w => new MatrixSeries(w.Series.Labels.ToLabelSet(), w.Series.Timestamps[w.From..w.To], w.Series.Values[w.From..w.To]))
                    .ToArray();
                return new MatrixResult(series);
            default:
                throw new PromQLException(QueryErrorType.Internal, "unexpected expression result");
        }
    }

    public QueryValue Range(string query, long startMs, long endMs, long stepMs, CancellationToken cancellationToken)
    {
        CheckRange(startMs, endMs, stepMs);
        return Range(PromQLParser.Parse(query), startMs, endMs, stepMs, cancellationToken);
    }

    public QueryValue Range(Expr expr, long startMs, long endMs, long stepMs, CancellationToken cancellationToken)
    {
        CheckRange(startMs, endMs, stepMs);
        var type = PromQLParser.TypeOf(expr);
        if (type is not (PromValueType.Scalar or PromValueType.InstantVector))
        {
            throw new PromQLException(QueryErrorType.BadData,
                $"invalid expression type \"{(type == PromValueType.String ? "string" : "range vector")}\" for range query, must be Scalar or instant Vector");
        }
        using var timeout = new CancellationTokenSource(options.QueryTimeout);
        var context = new EvalContext(store, options, cancellationToken, timeout.Token) { ColumnWise = ColumnWise };
        context.Check();
        var grid = new Grid(startMs, endMs, stepMs);
        var node = new Compiler(context, grid).Compile(expr);
        if (node is ScalarNode scalar)
        {
            var timestamps = new long[grid.Steps];
            var values = new double[grid.Steps];
            for (var i = 0; i < timestamps.Length; i++)
            {
                context.Check();
                timestamps[i] = startMs + i * stepMs;
                values[i] = scalar.Eval(timestamps[i]);
            }
            context.Hold(timestamps.Length);
            return new MatrixResult([new MatrixSeries(Telemetry.LabelSet.Empty, timestamps, values)]);
        }
        var vector = (VectorNode)node;
        if (context.ColumnWise && vector.EvaluateRange(grid) is { } rows)
        {
            return Matrix(context, rows, grid);
        }
        var collected = new Dictionary<Labels, SeriesBuilder>();
        for (var t = startMs; t <= endMs; t += stepMs)
        {
            context.Check();
            var samples = vector.Eval(t);
            context.Hold(samples.Count);
            foreach (var sample in samples)
            {
                if (!collected.TryGetValue(sample.Labels, out var builder))
                {
                    builder = new SeriesBuilder(sample.Labels);
                    collected[sample.Labels] = builder;
                }
                builder.Add(t, sample.Value);
            }
        }
        var result = collected.Values.ToArray();
        Array.Sort(result, (a, b) => Labels.Compare(a.Labels, b.Labels));
        return new MatrixResult(result.Select(b => b.Build()).ToArray());
    }

    /// <summary>
    /// A column-wise result as a matrix: each row's points where it has a value, rows filled in parallel when large.
    /// Holds the same number of samples as evaluating step by step.
    /// </summary>
    private static MatrixResult Matrix(EvalContext context, IRowSource rows, Grid grid)
    {
        var steps = grid.Steps;
        var built = new (Labels Labels, MatrixSeries Series)?[rows.RowCount];
        var labels = new Labels[rows.RowCount];
        for (var r = 0; r < labels.Length; r++)
        {
            labels[r] = rows.RowLabels(r);
        }
        long total = 0;
        RangeParallel.For(rows.RowCount, (long)rows.RowCount * steps, (from, to) =>
        {
            var values = new double[steps];
            var present = new bool[steps];
            long held = 0;
            for (var r = from; r < to; r++)
            {
                context.Check();
                rows.FillRow(r, grid, 0, steps, values, present);
                var count = 0;
                for (var i = 0; i < steps; i++)
                {
                    count += present[i] ? 1 : 0;
                }
                if (count == 0)
                {
                    continue;
                }
                var timestamps = new long[count];
                var points = new double[count];
                var at = 0;
                for (var i = 0; i < steps; i++)
                {
                    if (present[i])
                    {
                        timestamps[at] = grid.StartMs + i * grid.IntervalMs;
                        points[at++] = values[i];
                    }
                }
                built[r] = (labels[r], new MatrixSeries(labels[r].ToLabelSet(), timestamps, points));
                held += count;
            }
            Interlocked.Add(ref total, held);
        });
        context.Hold(total);
        var result = built.Where(b => b is not null).Select(b => b!.Value).ToArray();
        Array.Sort(result, (a, b) => Labels.Compare(a.Labels, b.Labels));
        return new MatrixResult(result.Select(b => b.Series).ToArray());
    }

    private void CheckRange(long startMs, long endMs, long stepMs)
    {
        if (endMs < startMs)
        {
            throw new PromQLException(QueryErrorType.BadData, "end timestamp must not be before start time");
        }
        if (stepMs <= 0)
        {
            throw new PromQLException(QueryErrorType.BadData,
                "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        // As Prometheus: (end - start) / step may not exceed the limit, so a range holds at most limit + 1 points.
        if ((endMs - startMs) / stepMs > options.MaxPoints)
        {
            throw new PromQLException(QueryErrorType.BadData,
                $"exceeded maximum resolution of {options.MaxPoints.ToString("N0", CultureInfo.InvariantCulture)} points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
    }

    private sealed class SeriesBuilder(Labels labels)
    {
        private readonly List<long> _timestamps = [];
        private readonly List<double> _values = [];

        public Labels Labels { get; } = labels;

        public void Add(long t, double value)
        {
            _timestamps.Add(t);
            _values.Add(value);
        }

        public MatrixSeries Build() => new(Labels.ToLabelSet(), _timestamps.ToArray(), _values.ToArray());
    }
}
