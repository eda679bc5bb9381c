using System.Globalization;
using System.Text;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.PromQL.Evaluation;

/// <summary>
/// The engine's label set: sorted pairs, a precomputed hash and cached derived sets (without the metric name, as a
/// <see cref="LabelSet"/>), so per-step work reuses the same objects instead of rebuilding label strings.
/// </summary>
internal sealed class Labels : IEquatable<Labels>
{
    public static readonly Labels Empty = new([]);

    private readonly KeyValuePair<string, string>[] _pairs;
    private readonly int _hash;
    private Labels? _withoutName;
    private LabelSet? _labelSet;

    private Labels(KeyValuePair<string, string>[] sortedPairs)
    {
        _pairs = sortedPairs;
        var hash = new HashCode();
        foreach (var pair in sortedPairs)
        {
            hash.Add(pair.Key);
            hash.Add(pair.Value);
        }
        _hash = hash.ToHashCode();
    }

    public ReadOnlySpan<KeyValuePair<string, string>> Pairs => _pairs;

    public int Count => _pairs.Length;

    public static Labels From(LabelSet set)
    {
        var labels = new Labels(set.Pairs.ToArray()) { _labelSet = set };
        return labels;
    }

    /// <summary>From pairs in any order; empty values mean "absent" and are dropped, later duplicates win.</summary>
    public static Labels FromUnsorted(List<KeyValuePair<string, string>> pairs)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            if (pair.Value.Length == 0)
            {
                map.Remove(pair.Key);
            }
            else
            {
                map[pair.Key] = pair.Value;
            }
        }
        return new Labels(map.ToArray());
    }

    public string? Get(string name)
    {
        foreach (var pair in _pairs)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }
        return null;
    }

    public bool Has(string name) => Get(name) is not null;

    public Labels WithoutName() => _withoutName ??= Without([LabelSet.MetricNameLabel]);

    /// <summary>Only the listed labels (Prometheus's Keep).</summary>
    public Labels Keep(IReadOnlyCollection<string> names)
    {
        var kept = new List<KeyValuePair<string, string>>(Math.Min(names.Count, _pairs.Length));
        foreach (var pair in _pairs)
        {
            if (names.Contains(pair.Key))
            {
                kept.Add(pair);
            }
        }
        return kept.Count == _pairs.Length ? this : new Labels(kept.ToArray());
    }

    /// <summary>All but the listed labels (Prometheus's Del).</summary>
    public Labels Without(IReadOnlyCollection<string> names)
    {
        var kept = new List<KeyValuePair<string, string>>(_pairs.Length);
        foreach (var pair in _pairs)
        {
            if (!names.Contains(pair.Key))
            {
                kept.Add(pair);
            }
        }
        return kept.Count == _pairs.Length ? this : new Labels(kept.ToArray());
    }

    /// <summary>With the label set to the value, or removed when the value is empty.</summary>
    public Labels With(string name, string value)
    {
        var pairs = new List<KeyValuePair<string, string>>(_pairs.Length + 1);
        var placed = false;
        foreach (var pair in _pairs)
        {
            var order = string.CompareOrdinal(pair.Key, name);
            if (order == 0)
            {
                continue;
            }
            if (order > 0 && !placed)
            {
                if (value.Length > 0)
                {
                    pairs.Add(new(name, value));
                }
                placed = true;
            }
            pairs.Add(pair);
        }
        if (!placed && value.Length > 0)
        {
            pairs.Add(new(name, value));
        }
        return new Labels(pairs.ToArray());
    }

    public LabelSet ToLabelSet() => _labelSet ??= LabelSet.From(_pairs);

    /// <summary>Prometheus's labels.Compare: pairwise by name then value, then by length.</summary>
    public static int Compare(Labels a, Labels b)
    {
        var n = Math.Min(a._pairs.Length, b._pairs.Length);
        for (var i = 0; i < n; i++)
        {
            var c = string.CompareOrdinal(a._pairs[i].Key, b._pairs[i].Key);
            if (c != 0)
            {
                return c;
            }
            c = string.CompareOrdinal(a._pairs[i].Value, b._pairs[i].Value);
            if (c != 0)
            {
                return c;
            }
        }
        return a._pairs.Length - b._pairs.Length;
    }

    public bool Equals(Labels? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other._hash != _hash || other._pairs.Length != _pairs.Length)
        {
            return false;
        }
        for (var i = 0; i < _pairs.Length; i++)
        {
            if (!string.Equals(_pairs[i].Key, other._pairs[i].Key, StringComparison.Ordinal)
                || !string.Equals(_pairs[i].Value, other._pairs[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is Labels other && Equals(other);

    public override int GetHashCode() => _hash;

    /// <summary>Prometheus's text form in error messages: <c>{a="b", c="d"}</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder("{");
        for (var i = 0; i < _pairs.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }
            builder.Append(_pairs[i].Key).Append('=').Append(Quote(_pairs[i].Value));
        }
        return builder.Append('}').ToString();
    }

    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ': builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }
        return builder.Append('"').ToString();
    }
}

/// <summary>One element of an instant vector. <see cref="Timestamp"/> is the sample's own time (used by timestamp()).</summary>
internal readonly record struct Sample(Labels Labels, double Value, long Timestamp);
