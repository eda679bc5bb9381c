using HmsOps.Core.Metrics;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.PromQL;

/// <summary>A store loaded with exact samples, and helpers to run queries and read results.</summary>
internal sealed class EngineFixture
{
    private readonly List<(LabelSet Labels, bool IsCounter, long[] Timestamps, double[] Values)> _series = [];

    public MetricsOptions Options { get; } = new();

    /// <summary>Adds a series from a label text like <c>x{a="b"}</c> (no escapes) with samples (seconds, value).</summary>
    public EngineFixture Series(string labels, params (double Seconds, double Value)[] samples)
    {
        _series.Add((Parse(labels), false, samples.Select(s => (long)(s.Seconds * 1000)).ToArray(), samples.Select(s => s.Value).ToArray()));
        return this;
    }

    public PromQLEngine Engine(bool columnWise = true)
    {
        var store = new TimeSeriesStore(Options);
        store.Load(1, _series);
        return new PromQLEngine(store, Options) { ColumnWise = columnWise };
    }

    public QueryValue Instant(string query, double seconds) => Engine().Instant(query, (long)(seconds * 1000), CancellationToken.None);

    /// <summary>The instant vector as "labels => value" lines, sorted, for compact assertions.</summary>
    public IReadOnlyList<(string Labels, double Value)> Vector(string query, double seconds)
    {
        var result = Assert.IsType<VectorResult>(Instant(query, seconds));
        return result.Samples.Select(s => (s.Labels.Key, s.Value)).OrderBy(s => s.Key, StringComparer.Ordinal).ToArray();
    }

    public double Single(string query, double seconds)
    {
        var samples = Vector(query, seconds);
        return Assert.Single(samples).Value;
    }

    public static LabelSet Parse(string text)
    {
        var brace = text.IndexOf('{');
        var name = brace < 0 ? text : text[..brace];
        var pairs = new List<(string, string)>();
        if (name.Length > 0)
        {
            pairs.Add(("__name__", name));
        }
        if (brace >= 0)
        {
            foreach (var part in text[(brace + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                pairs.Add((part[..eq].Trim(), part[(eq + 1)..].Trim().Trim('"')));
            }
        }
        return LabelSet.From(pairs.ToArray());
    }
}
