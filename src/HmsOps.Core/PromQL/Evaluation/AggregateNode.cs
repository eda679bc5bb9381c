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
    private readonly Dictionary<Labels, Labels> _groupOf = [];
    private readonly Dictionary<Labels, int> _groupIndex = [];
    private readonly List<Group> _groups = [];

    public AggregateNode(EvalContext context, AggregateExpr expr, VectorNode inner, ScalarNode? parameter, string? valueLabel)
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
        _ = context;
    }

    public override List<Sample> Eval(long t)
    {
        Output.Clear();
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
            case AggregateOp.Sum:
                group.Value += v;
                break;
            case AggregateOp.Avg:
                group.Count++;
                if (double.IsInfinity(group.Mean))
                {
                    if (double.IsInfinity(v) && (group.Mean > 0) == (v > 0))
                    {
                        break;
                    }
                    if (!double.IsInfinity(v) && !double.IsNaN(v))
                    {
                        break;
                    }
                }
                group.Mean += v / group.Count - group.Mean / group.Count;
                break;
            case AggregateOp.Max:
                if (group.Value < v || double.IsNaN(group.Value))
                {
                    group.Value = v;
                }
                break;
            case AggregateOp.Min:
                if (group.Value > v || double.IsNaN(group.Value))
                {
                    group.Value = v;
                }
                break;
            case AggregateOp.Count or AggregateOp.CountValues:
                group.Count++;
                break;
            case AggregateOp.Stddev or AggregateOp.Stdvar:
                group.Count++;
                var delta = v - group.Mean;
                group.Mean += delta / group.Count;
                group.Value += delta * (v - group.Mean);
                break;
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
            case AggregateOp.Group:
                break;
        }
    }

    private void Finish(Group group, long t, double q)
    {
        double value;
        switch (_op)
        {
            case AggregateOp.Avg:
                value = group.Mean;
                break;
            case AggregateOp.Count or AggregateOp.CountValues:
                value = group.Count;
                break;
            case AggregateOp.Stdvar:
                value = group.Value / group.Count;
                break;
            case AggregateOp.Stddev:
                value = Math.Sqrt(group.Value / group.Count);
                break;
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
                value = group.Value;
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
        public Labels Labels { get; private set; } = Labels.Empty;
        public double Value { get; set; }
        public double Mean { get; set; }
        public double Count { get; set; }
        public List<Sample> Heap { get; } = [];

        public void Start(Labels labels, Sample first, AggregateOp op)
        {
            Labels = labels;
            Value = op switch
            {
                AggregateOp.Stddev or AggregateOp.Stdvar => 0,
                AggregateOp.Group => 1,
                _ => first.Value,
            };
            Mean = first.Value;
            Count = 1;
            Heap.Clear();
            if (op is AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.Quantile)
            {
                Heap.Add(first);
            }
        }
    }
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
