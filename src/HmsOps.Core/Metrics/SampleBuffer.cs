namespace HmsOps.Core.Metrics;

/// <summary>
/// A series' samples in time order, in two parallel arrays with a moving start so that dropping
/// the oldest samples (retention) does not copy on every call.
/// </summary>
internal sealed class SampleBuffer
{
    private long[] _timestamps = new long[8];
    private double[] _values = new double[8];
    private int _start;
    private int _count;

    public int Count => _count;

    public long LastTimestamp => _timestamps[_start + _count - 1];

    public double LastValue => _values[_start + _count - 1];

    public long TimestampAt(int i) => _timestamps[_start + i];

    public double ValueAt(int i) => _values[_start + i];

    /// <summary>
    /// Adds a sample. Within one resolution slot the newest sample is updated instead of appended.
    /// A counter's value is cumulative: an increment applies to the sample at its time and to every later one.
    /// </summary>
    public void Write(long timestampMs, double value, bool isCounter, long resolutionMs)
    {
        var slot = timestampMs / resolutionMs;
        if (_count == 0 || timestampMs >= LastTimestamp)
        {
            if (_count > 0 && LastTimestamp / resolutionMs == slot)
            {
                var last = _start + _count - 1;
                _timestamps[last] = timestampMs;
                _values[last] = isCounter ? _values[last] + value : value;
                return;
            }
            Append(timestampMs, isCounter ? (_count > 0 ? LastValue : 0) + value : value);
            return;
        }
        WriteOutOfOrder(timestampMs, value, isCounter, resolutionMs);
    }

    /// <summary>Drops samples older than <paramref name="cutoffMs"/>.</summary>
    public void DropBefore(long cutoffMs)
    {
        while (_count > 0 && _timestamps[_start] < cutoffMs)
        {
            _start++;
            _count--;
        }
        if (_count == 0)
        {
            _start = 0;
        }
    }

    /// <summary>Index of the first sample at or after <paramref name="timestampMs"/> (Count when none).</summary>
    public int LowerBound(long timestampMs)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_timestamps[_start + mid] < timestampMs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    public (long[] Timestamps, double[] Values) Copy(int from, int to)
    {
        var length = Math.Max(0, to - from);
        var timestamps = new long[length];
        var values = new double[length];
        Array.Copy(_timestamps, _start + from, timestamps, 0, length);
        Array.Copy(_values, _start + from, values, 0, length);
        return (timestamps, values);
    }

    public void Append(long timestampMs, double value)
    {
        EnsureRoom();
        _timestamps[_start + _count] = timestampMs;
        _values[_start + _count] = value;
        _count++;
    }

    private void WriteOutOfOrder(long timestampMs, double value, bool isCounter, long resolutionMs)
    {
        var index = LowerBound(timestampMs);
        var slot = timestampMs / resolutionMs;
        var sameSlot = index < _count && TimestampAt(index) / resolutionMs == slot ? index
            : index > 0 && TimestampAt(index - 1) / resolutionMs == slot ? index - 1
            : -1;

        if (sameSlot >= 0)
        {
            if (!isCounter)
            {
                // The newest observation in a slot wins, as on the in-order path: a late, older one must not replace it.
                if (TimestampAt(sameSlot) <= timestampMs)
                {
                    _timestamps[_start + sameSlot] = timestampMs;
                    _values[_start + sameSlot] = value;
                }
                return;
            }
            for (var i = sameSlot; i < _count; i++)
            {
                _values[_start + i] += value;
            }
            return;
        }

        var before = index > 0 ? ValueAt(index - 1) : 0;
        Insert(index, timestampMs, isCounter ? before + value : value);
        if (isCounter)
        {
            for (var i = index + 1; i < _count; i++)
            {
                _values[_start + i] += value;
            }
        }
    }

    private void Insert(int index, long timestampMs, double value)
    {
        EnsureRoom();
        var at = _start + index;
        Array.Copy(_timestamps, at, _timestamps, at + 1, _count - index);
        Array.Copy(_values, at, _values, at + 1, _count - index);
        _timestamps[at] = timestampMs;
        _values[at] = value;
        _count++;
    }

    private void EnsureRoom()
    {
        if (_start + _count < _timestamps.Length)
        {
            return;
        }
        if (_start > 0 && _count < _timestamps.Length / 2)
        {
            // Reclaim the room retention freed at the front before growing.
            Array.Copy(_timestamps, _start, _timestamps, 0, _count);
            Array.Copy(_values, _start, _values, 0, _count);
            _start = 0;
            return;
        }
        var capacity = _timestamps.Length * 2;
        var timestamps = new long[capacity];
        var values = new double[capacity];
        Array.Copy(_timestamps, _start, timestamps, 0, _count);
        Array.Copy(_values, _start, values, 0, _count);
        _timestamps = timestamps;
        _values = values;
        _start = 0;
    }
}
