namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>
/// sum, avg, min, max, count, group, stddev, stdvar, topk, bottomk, quantile, count_values with by/without, in
/// Prometheus 2.42's arithmetic order (incremental mean for avg, Welford for stddev/stdvar, Go's heap for topk/bottomk).
/// Groups come out in first-seen order.
/// </summary>
internal sealed class AggregateNode : VectorNode
{
    private readonly AggregateOp _op;
    private readonly VectorNode _inner;
    private readonly ScalarNode? _parameter;
    private readonly string? _valueLabel;
    private readonly bool _without;
    private readonly HashSet<string> _grouping;
    private readonly EvalContext _context;
    private readonly Grid _grid;
    private bool _triedTable;
    private RangeBlock? _table;
    private int[]? _firstRow;
    private readonly Dictionary<Labels, Labels> _groupOf = [];
    private readonly Dictionary<Labels, int> _groupIndex = [];
    private readonly List<Group> _groups = [];

    public AggregateNode(EvalContext context, Grid grid, AggregateExpr expr, VectorNode inner, ScalarNode? parameter, string? valueLabel)
    {
        _op = expr.Op;
        _inner = inner;
        _parameter = parameter;
        _valueLabel = valueLabel;
        _without = expr.Without;
        _grouping = new HashSet<string>(expr.Grouping, StringComparer.Ordinal);
        if (_op == AggregateOp.CountValues)
        {
            if (!LabelNames.IsValid(valueLabel!))
            {
                throw EvalContext.Execution($"invalid label name \"{valueLabel}\"");
            }
            if (!_without)
            {
                _grouping.Add(valueLabel!);
            }
        }
        if (_without)
        {
            _grouping.Add(Telemetry.LabelSet.MetricNameLabel);
        }
        _context = context;
        _grid = grid;
    }

    public override List<Sample> Eval(long t)
    {
        Output.Clear();
        if (FromTable(t))
        {
            return Output;
        }
        var input = _inner.Eval(t);
        long k = 0;
        double q = 0;
        if (_op is AggregateOp.Topk or AggregateOp.Bottomk)
        {
            k = Arithmetic.ToInt64Checked(_parameter!.Eval(t));
            if (k < 1)
            {
                return Output;
            }
        }
        if (_op == AggregateOp.Quantile)
        {
            q = _parameter!.Eval(t);
        }
        _groupIndex.Clear();
        var used = 0;
        foreach (var sample in input)
        {
            var metric = _op == AggregateOp.CountValues ? sample.Labels.With(_valueLabel!, Arithmetic.FormatGoF(sample.Value)) : sample.Labels;
            var key = GroupOf(metric);
            if (!_groupIndex.TryGetValue(key, out var index))
            {
                index = used++;
                _groupIndex[key] = index;
                if (index == _groups.Count)
                {
                    _groups.Add(new Group());
                }
                _groups[index].Start(key, sample, _op);
                continue;
            }
            Add(_groups[index], sample, k);
        }
        for (var i = 0; i < used; i++)
        {
            Finish(_groups[i], t, q);
        }
        return Output;
    }

    /// <summary>
    /// Column-wise for the ops without per-element lists: each input row's group is found once per query, and the
    /// steps are split across cores; within a chunk, rows are added in input order, so every group sees its elements
    /// in the same order (and gets the same floating-point result) as step by step.
    /// </summary>
    public override IRowSource? EvaluateRange(Grid grid) => Table(grid, recordFirstRows: false);

    /// <summary>
    /// When a parent evaluates step by step (a binary operator, say), a range grid's steps are still computed
    /// column-wise, once, and each step is served from the table; groups come out in the order step-by-step
    /// evaluation would find them (by their first present input row), so downstream arithmetic sees the same order.
    /// </summary>
    private bool FromTable(long t)
    {
        if (!_triedTable)
        {
            _triedTable = true;
            if (_grid.Steps > 1 && _context.ColumnWise)
            {
                _table = Table(_grid, recordFirstRows: true);
            }
        }
        var offset = t - _grid.StartMs;
        if (_table is null || offset < 0 || offset % _grid.IntervalMs != 0 || offset / _grid.IntervalMs >= _grid.Steps)
        {
            return false;
        }
        var step = (int)(offset / _grid.IntervalMs);
        var present = new List<(int FirstRow, int Group)>();
        for (var g = 0; g < _table.RowCount; g++)
        {
            if (_table.Present[g * _grid.Steps + step])
            {
                present.Add((_firstRow![g * _grid.Steps + step], g));
            }
        }
        present.Sort();
        foreach (var (_, g) in present)
        {
            Output.Add(new Sample(_table.RowLabels(g), _table.Values[g * _grid.Steps + step], t));
        }
        return true;
    }

    private RangeBlock? Table(Grid grid, bool recordFirstRows)
    {
        if (_op is not (AggregateOp.Sum or AggregateOp.Avg or AggregateOp.Min or AggregateOp.Max or AggregateOp.Count
            or AggregateOp.Group or AggregateOp.Stddev or AggregateOp.Stdvar))
        {
            return null;
        }
        // Floating-point sums depend on the order of addition: an input whose per-step order is not its row order
        // (an inner aggregation) stays step by step here, and serves its steps from its own table in the right order.
        if (_inner.EvaluateRange(grid) is not { } input || input is RangeBlock { RowOrderIsStepOrder: false })
        {
            return null;
        }
        var groupOfRow = new int[input.RowCount];
        var groupIndex = new Dictionary<Labels, int>();
        var groups = new List<Labels>();
        for (var r = 0; r < groupOfRow.Length; r++)
        {
            var key = GroupOf(input.RowLabels(r));
            if (!groupIndex.TryGetValue(key, out var index))
            {
                index = groups.Count;
                groupIndex[key] = index;
                groups.Add(key);
            }
            groupOfRow[r] = index;
        }
        if (!RangeBlock.Fits(groups.Count, grid))
        {
            return null;
        }
        var steps = grid.Steps;
        var result = new RangeBlock(groups.ToArray(), steps, rowOrderIsStepOrder: false);
        int[]? firstRow = null;
        if (recordFirstRows)
        {
            firstRow = _firstRow = new int[result.Values.Length];
        }
        var mean = new double[result.Values.Length];
        var count = new double[result.Values.Length];
        var op = _op;
        RangeParallel.For(steps, (long)input.RowCount * steps, (fromStep, toStep) =>
        {
            var width = toStep - fromStep;
            var rowValues = new double[width];
            var rowPresent = new bool[width];
            var values = result.Values;
            var started = result.Present;
            for (var r = 0; r < groupOfRow.Length; r++)
            {
                if ((r & 255) == 0)
                {
                    _context.Check();
                }
                input.FillRow(r, grid, fromStep, toStep, rowValues, rowPresent);
                var at = groupOfRow[r] * steps + fromStep;
                for (var i = 0; i < width; i++, at++)
                {
                    if (!rowPresent[i])
                    {
                        continue;
                    }
                    if (!started[at])
                    {
                        Begin(op, rowValues[i], out values[at], out mean[at], out count[at]);
                        if (firstRow is not null)
                        {
                            firstRow[at] = r;
                        }
                        started[at] = true;
                    }
                    else
                    {
                        Accumulate(op, ref values[at], ref mean[at], ref count[at], rowValues[i]);
                    }
                }
            }
            for (var g = 0; g < groups.Count; g++)
            {
                var at = g * steps + fromStep;
                for (var i = 0; i < width; i++, at++)
                {
                    if (started[at])
                    {
                        values[at] = Result(op, values[at], mean[at], count[at]);
                    }
                }
            }
        });
        return result;
    }

    private Labels GroupOf(Labels metric)
    {
        if (_op == AggregateOp.CountValues)
        {
            return _without ? metric.Without(_grouping) : metric.Keep(_grouping);
        }
        if (!_groupOf.TryGetValue(metric, out var group))
        {
            group = _without ? metric.Without(_grouping) : _grouping.Count == 0 ? Labels.Empty : metric.Keep(_grouping);
            _groupOf[metric] = group;
        }
        return group;
    }

    private void Add(Group group, Sample s, long k)
    {
        var v = s.Value;
        switch (_op)
        {
            case AggregateOp.Topk:
                if (group.Heap.Count < k || group.Heap[0].Value < v || double.IsNaN(group.Heap[0].Value))
                {
                    if (group.Heap.Count == k)
                    {
                        GoHeap.Pop(group.Heap, TopLess);
                    }
                    GoHeap.Push(group.Heap, s, TopLess);
                }
                break;
            case AggregateOp.Bottomk:
                if (group.Heap.Count < k || group.Heap[0].Value > v || double.IsNaN(group.Heap[0].Value))
                {
                    if (group.Heap.Count == k)
                    {
                        GoHeap.Pop(group.Heap, BottomLess);
                    }
                    GoHeap.Push(group.Heap, s, BottomLess);
                }
                break;
            case AggregateOp.Quantile:
                group.Heap.Add(s);
                break;
            default:
                Accumulate(_op, ref group.Value, ref group.Mean, ref group.Count, v);
                break;
        }
    }

    private void Finish(Group group, long t, double q)
    {
        double value;
        switch (_op)
        {
            case AggregateOp.Topk or AggregateOp.Bottomk:
                Func<Sample, Sample, bool> less = _op == AggregateOp.Topk ? TopLess : BottomLess;
                // The heap keeps the "smallest" on top; Prometheus outputs the reverse order.
                var ordered = group.Heap.ToArray();
                var sorted = ordered.OrderBy(x => x, Comparer<Sample>.Create((a, b) => less(b, a) ? -1 : less(a, b) ? 1 : 0)).ToArray();
                foreach (var s in sorted)
                {
                    Output.Add(new Sample(s.Labels, s.Value, t));
                }
                return;
            case AggregateOp.Quantile:
                var values = new double[group.Heap.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = group.Heap[i].Value;
                }
                value = Arithmetic.Quantile(q, values, values.Length);
                break;
            default:
                value = Result(_op, group.Value, group.Mean, group.Count);
                break;
        }
        Output.Add(new Sample(group.Labels, value, t));
    }

    /// <summary>vectorByValueHeap: NaN counts as smallest.</summary>
    private static bool TopLess(Sample a, Sample b) => double.IsNaN(a.Value) || a.Value < b.Value;

    /// <summary>vectorByReverseValueHeap: NaN counts as "largest" from the bottom's view.</summary>
    private static bool BottomLess(Sample a, Sample b) => double.IsNaN(a.Value) || a.Value > b.Value;

    private sealed class Group
    {
        // Fields, not properties: the arithmetic below takes them by reference.
        public double Value;
        public double Mean;
        public double Count;

        public Labels Labels { get; private set; } = Labels.Empty;
        public List<Sample> Heap { get; } = [];

        public void Start(Labels labels, Sample first, AggregateOp op)
        {
            Labels = labels;
            Begin(op, first.Value, out Value, out Mean, out Count);
            Heap.Clear();
            if (op is AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.Quantile)
            {
                Heap.Add(first);
            }
        }
    }

    /// <summary>A group's state from its first element (the same for step-by-step and column-wise evaluation).</summary>
    private static void Begin(AggregateOp op, double v, out double value, out double mean, out double count)
    {
        value = op switch
        {
            AggregateOp.Stddev or AggregateOp.Stdvar => 0,
            AggregateOp.Group => 1,
            _ => v,
        };
        mean = v;
        count = 1;
    }

    /// <summary>Adds a later element for the ops that need no list: sum, avg, min, max, count, group, stddev, stdvar.</summary>
    private static void Accumulate(AggregateOp op, ref double value, ref double mean, ref double count, double v)
    {
        switch (op)
        {
            case AggregateOp.Sum:
                value += v;
                break;
            case AggregateOp.Avg:
                count++;
                if (double.IsInfinity(mean))
                {
                    if (double.IsInfinity(v) && (mean > 0) == (v > 0))
                    {
                        break;
                    }
                    if (!double.IsInfinity(v) && !double.IsNaN(v))
                    {
                        break;
                    }
                }
                mean += v / count - mean / count;
                break;
            case AggregateOp.Max:
                if (value < v || double.IsNaN(value))
                {
                    value = v;
                }
                break;
            case AggregateOp.Min:
                if (value > v || double.IsNaN(value))
                {
                    value = v;
                }
                break;
            case AggregateOp.Count or AggregateOp.CountValues:
                count++;
                break;
            case AggregateOp.Stddev or AggregateOp.Stdvar:
                count++;
                var delta = v - mean;
                mean += delta / count;
                value += delta * (v - mean);
                break;
        }
    }

    private static double Result(AggregateOp op, double value, double mean, double count) => op switch
    {
        AggregateOp.Avg => mean,
        AggregateOp.Count or AggregateOp.CountValues => count,
        AggregateOp.Stdvar => value / count,
        AggregateOp.Stddev => Math.Sqrt(value / count),
        _ => value,
    };
}

/// <summary>Go's container/heap over a list, so ties resolve exactly as Prometheus's topk/bottomk do.</summary>
internal static class GoHeap
{
    public static void Push(List<Sample> heap, Sample item, Func<Sample, Sample, bool> less)
    {
        heap.Add(item);
        Up(heap, heap.Count - 1, less);
    }

    public static Sample Pop(List<Sample> heap, Func<Sample, Sample, bool> less)
    {
        var n = heap.Count - 1;
        (heap[0], heap[n]) = (heap[n], heap[0]);
        Down(heap, 0, n, less);
        var item = heap[n];
        heap.RemoveAt(n);
        return item;
    }

    private static void Up(List<Sample> heap, int j, Func<Sample, Sample, bool> less)
    {
        while (true)
        {
            var i = (j - 1) / 2;
            if (i == j || !less(heap[j], heap[i]))
            {
                break;
            }
            (heap[i], heap[j]) = (heap[j], heap[i]);
            j = i;
        }
    }

    private static void Down(List<Sample> heap, int i0, int n, Func<Sample, Sample, bool> less)
    {
        var i = i0;
        while (true)
        {
            var j1 = 2 * i + 1;
            if (j1 >= n || j1 < 0)
            {
                break;
            }
            var j = j1;
            var j2 = j1 + 1;
            if (j2 < n && less(heap[j2], heap[j1]))
            {
                j = j2;
            }
            if (!less(heap[j], heap[i]))
            {
                break;
            }
            (heap[i], heap[j]) = (heap[j], heap[i]);
            i = j;
        }
    }
}
