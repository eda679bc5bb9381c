using System.Text;

namespace HmsOps.Core.Telemetry;

/// <summary>
/// An immutable, sorted set of label pairs. The canonical <see cref="Key"/> identifies a series,
/// so two label sets with the same pairs in any order are the same series.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>
{
    public const string MetricNameLabel = "__name__";

    public static readonly LabelSet Empty = new([]);

    private readonly KeyValuePair<string, string>[] _pairs;

    private LabelSet(KeyValuePair<string, string>[] sortedPairs)
    {
        _pairs = sortedPairs;
        Key = BuildKey(sortedPairs);
    }

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>Canonical text form, e.g. <c>{__name__="up",job="api"}</c>.</summary>
    public string Key { get; }

    public int Count => _pairs.Length;

    public string? MetricName => Get(MetricNameLabel);

    public static LabelSet From(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var sorted = pairs
            .Where(p => p.Value.Length > 0) // Prometheus: an empty label value means the label is absent.
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .Select(g => g.Last())
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToArray();
        return new LabelSet(sorted);
    }

    public static LabelSet From(params (string Name, string Value)[] pairs) =>
        From(pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));

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

    public LabelSet With(string name, string value) =>
        From(_pairs.Where(p => p.Key != name).Append(new KeyValuePair<string, string>(name, value)));

    public LabelSet Without(string name) =>
        _pairs.Any(p => p.Key == name) ? From(_pairs.Where(p => p.Key != name)) : this;

    public bool Equals(LabelSet? other) => other is not null && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is LabelSet other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    public override string ToString() => Key;

    private static string BuildKey(KeyValuePair<string, string>[] pairs)
    {
        var builder = new StringBuilder("{");
        for (var i = 0; i < pairs.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }
            builder.Append(pairs[i].Key).Append("=\"");
            foreach (var c in pairs[i].Value)
            {
                switch (c)
                {
                    case '\\': builder.Append("\\\\"); break;
                    case '"': builder.Append("\\\""); break;
                    case '\n': builder.Append("\\n"); break;
                    default: builder.Append(c); break;
                }
            }
            builder.Append('"');
        }
        return builder.Append('}').ToString();
    }
}
