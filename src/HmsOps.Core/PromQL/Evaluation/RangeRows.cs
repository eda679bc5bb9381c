using System.Runtime.ExceptionServices;

namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>
/// A vector node's result over a whole range grid, one row per output series: the column-wise alternative to
/// evaluating every step for every series. Rows are filled independently (thread-safe), so callers can split the work
/// by rows or by steps. Row labels are distinct, and each row holds one series' value at every step where it exists.
/// </summary>
internal interface IRowSource
{
    int RowCount { get; }

    Labels RowLabels(int row);

    /// <summary>Writes the row's values for steps [fromStep, toStep) of the grid; present[i] says whether step fromStep + i has one.</summary>
    void FillRow(int row, Grid grid, int fromStep, int toStep, Span<double> values, Span<bool> present);
}

/// <summary>Rows computed up front: a [row, step] table of values and of presence.</summary>
internal sealed class RangeBlock : IRowSource
{
    /// <summary>
    /// Beyond this many cells (about 36 MB) a node falls back to step-by-step evaluation, whose memory does not grow
    /// with the number of steps.
    /// </summary>
    public const long MaxCells = 4_000_000;

    private readonly Labels[] _rows;

    public RangeBlock(Labels[] rows, int steps, bool rowOrderIsStepOrder)
    {
        _rows = rows;
        Steps = steps;
        RowOrderIsStepOrder = rowOrderIsStepOrder;
        Values = new double[(long)rows.Length * steps];
        Present = new bool[Values.Length];
    }

    public int Steps { get; }

    /// <summary>
    /// Whether step-by-step evaluation would output the rows present at a step in row order. Not so for aggregation
    /// results (groups come out in the order first seen at that step), so order-sensitive consumers must not read them
    /// in row order.
    /// </summary>
    public bool RowOrderIsStepOrder { get; }

    public double[] Values { get; }

    public bool[] Present { get; }

    public int RowCount => _rows.Length;

    public Labels RowLabels(int row) => _rows[row];

    public void FillRow(int row, Grid grid, int fromStep, int toStep, Span<double> values, Span<bool> present)
    {
        var at = row * Steps + fromStep;
        Values.AsSpan(at, toStep - fromStep).CopyTo(values);
        Present.AsSpan(at, toStep - fromStep).CopyTo(present);
    }

    public static bool Fits(long rows, Grid grid) => rows * grid.Steps <= MaxCells;

    /// <summary>The source as a table: itself when it is one, else every row filled (in parallel when large).</summary>
    public static RangeBlock From(EvalContext context, IRowSource source, Grid grid)
    {
        if (source is RangeBlock block)
        {
            return block;
        }
        var rows = new Labels[source.RowCount];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = source.RowLabels(r);
        }
        var result = new RangeBlock(rows, grid.Steps, rowOrderIsStepOrder: true);
        RangeParallel.For(rows.Length, (long)rows.Length * grid.Steps, (from, to) =>
        {
            for (var r = from; r < to; r++)
            {
                context.Check();
                source.FillRow(r, grid, 0, grid.Steps,
                    result.Values.AsSpan(r * grid.Steps, grid.Steps), result.Present.AsSpan(r * grid.Steps, grid.Steps));
            }
        });
        return result;
    }
}

/// <summary>Splits range work across cores when there is enough of it; each chunk is a contiguous index range.</summary>
internal static class RangeParallel
{
    /// <summary>Below this many (series × steps) cells, starting threads costs more than it saves.</summary>
    private const long ParallelCells = 100_000;

    public static void For(int count, long cells, Action<int, int> body)
    {
        var chunks = cells < ParallelCells ? 1 : Math.Min(count, Environment.ProcessorCount * 2);
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }
        try
        {
            Parallel.For(0, chunks, c => body((int)((long)count * c / chunks), (int)((long)count * (c + 1) / chunks)));
        }
        catch (AggregateException e)
        {
            // Callers expect the query's own errors (timeout, cancellation, limits), not a wrapper.
            var first = e.InnerExceptions.FirstOrDefault(x => x is PromQLException) ?? e.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }
}
