using System.Globalization;
using System.Text;
using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;
using HmsOps.Prometheus;

namespace HmsOps.Integration.Tests.PromQL;

/// <summary>One series of a result, in a shape both Prometheus's JSON and the engine's values convert to.</summary>
public sealed record ComparableSeries(LabelSet Labels, long[] Timestamps, double[] Values);

/// <summary>
/// A query result reduced to what the two engines must agree on: the result type, the series (a scalar is one
/// series without labels, a vector's samples are one-point series) in the order given, and a string's text.
/// </summary>
public sealed record ComparableResult(string Type, IReadOnlyList<ComparableSeries> Series, string? Text)
{
    public const double RelativeTolerance = 1e-9;
    public const double AbsoluteTolerance = 1e-12;

    public bool IsEmpty => Type is "vector" or "matrix" && Series.Count == 0;

    public static ComparableResult From(QueryData data) => data.ResultType switch
    {
        QueryResultType.Scalar => new("scalar", [Point(LabelSet.Empty, data.Scalar!.Value)], null),
        QueryResultType.String => new("string", [], data.StringValue!.Value.Value),
        QueryResultType.Vector => new("vector", data.Vector.Select(s => Point(Labels(s.Metric), s.Value)).ToList(), null),
        _ => new("matrix", data.Matrix.Select(s => new ComparableSeries(
            Labels(s.Metric),
            s.Values.Select(p => Milliseconds(p.UnixSeconds)).ToArray(),
            s.Values.Select(p => p.Value).ToArray())).ToList(), null),
    };

    public static ComparableResult From(QueryValue value) => value switch
    {
        ScalarResult scalar => new("scalar", [new(LabelSet.Empty, [scalar.TimestampMs], [scalar.Value])], null),
        StringResult text => new("string", [], text.Value),
        VectorResult vector => new("vector", vector.Samples.Select(s => new ComparableSeries(s.Labels, [s.TimestampMs], [s.Value])).ToList(), null),
        MatrixResult matrix => new("matrix", matrix.Series.Select(s => new ComparableSeries(s.Labels, s.Timestamps, s.Values)).ToList(), null),
        _ => throw new ArgumentException($"Unknown result {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>
    /// The differences of <paramref name="actual"/> from this (expected) result; empty when they agree.
    /// With <paramref name="ordered"/> (sort, sort_desc) the sequence of values must match too; ties may swap labels.
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(ComparableResult actual, bool ordered)
    {
        var differences = new List<string>();
        if (Type != actual.Type)
        {
            differences.Add($"result type: Prometheus {Type}, engine {actual.Type}");
            return differences;
        }
        if (Type == "string")
        {
            if (Text != actual.Text)
            {
                differences.Add($"string: Prometheus \"{Text}\", engine \"{actual.Text}\"");
            }
            return differences;
        }

        var expectedByKey = ByKey(Series, "Prometheus", differences);
        var actualByKey = ByKey(actual.Series, "engine", differences);
        foreach (var (key, expected) in expectedByKey)
        {
            if (!actualByKey.TryGetValue(key, out var other))
            {
                differences.Add($"missing from engine: {key} {Points(expected)}");
                continue;
            }
            if (!expected.Timestamps.SequenceEqual(other.Timestamps)
                || !expected.Values.Zip(other.Values).All(pair => Close(pair.First, pair.Second)))
            {
                var from = FirstDifference(expected, other);
                differences.Add($"{key} (from point {from}):\n    Prometheus {Points(expected, from)}\n    engine     {Points(other, from)}");
            }
        }
        foreach (var (key, extra) in actualByKey)
        {
            if (!expectedByKey.ContainsKey(key))
            {
                differences.Add($"extra in engine: {key} {Points(extra)}");
            }
        }

        if (ordered && differences.Count == 0)
        {
            var expectedOrder = Series.Select(s => s.Values[0]).ToArray();
            var actualOrder = actual.Series.Select(s => s.Values[0]).ToArray();
            if (!expectedOrder.Zip(actualOrder).All(pair => Close(pair.First, pair.Second)))
            {
                differences.Add($"order of values: Prometheus [{Join(expectedOrder)}], engine [{Join(actualOrder)}]");
            }
        }
        return differences;
    }

    /// <summary>Equal within 1e-9 relative or 1e-12 absolute; NaN equals NaN; infinities equal when the sign is the same.</summary>
    public static bool Close(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual);
        }
        if (double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            return expected == actual;
        }
        var difference = Math.Abs(expected - actual);
        return difference <= AbsoluteTolerance
            || difference <= RelativeTolerance * Math.Max(Math.Abs(expected), Math.Abs(actual));
    }

    public string Describe(int maxSeries = 30)
    {
        if (Type == "string")
        {
            return $"string \"{Text}\"";
        }
        var builder = new StringBuilder().Append(Type).Append(" with ").Append(Series.Count).Append(" series");
        foreach (var series in Series.Take(maxSeries))
        {
            builder.Append("\n    ").Append(series.Labels.Key).Append(' ').Append(Points(series));
        }
        if (Series.Count > maxSeries)
        {
            builder.Append("\n    …");
        }
        return builder.ToString();
    }

    private static Dictionary<string, ComparableSeries> ByKey(IReadOnlyList<ComparableSeries> series, string side, List<string> differences)
    {
        var byKey = new Dictionary<string, ComparableSeries>(StringComparer.Ordinal);
        foreach (var one in series)
        {
            if (!byKey.TryAdd(one.Labels.Key, one))
            {
                differences.Add($"{side} returned {one.Labels.Key} twice");
            }
        }
        return byKey;
    }

    private static ComparableSeries Point(LabelSet labels, SamplePoint point) =>
        new(labels, [Milliseconds(point.UnixSeconds)], [point.Value]);

    private static LabelSet Labels(IReadOnlyDictionary<string, string> metric) => LabelSet.From(metric);

    private static long Milliseconds(double unixSeconds) => (long)Math.Round(unixSeconds * 1000d);

    private static int FirstDifference(ComparableSeries expected, ComparableSeries actual)
    {
        var length = Math.Min(expected.Timestamps.Length, actual.Timestamps.Length);
        for (var i = 0; i < length; i++)
        {
            if (expected.Timestamps[i] != actual.Timestamps[i] || !Close(expected.Values[i], actual.Values[i]))
            {
                return i;
            }
        }
        return length;
    }

    /// <summary>Up to twelve points from a little before <paramref name="from"/>, as time_ms=value.</summary>
    private static string Points(ComparableSeries series, int from = 0)
    {
        const int Max = 12;
        var skip = Math.Max(0, from - 2);
        var shown = series.Timestamps.Zip(series.Values)
            .Skip(skip)
            .Take(Max)
            .Select(p => $"{p.First.ToString(CultureInfo.InvariantCulture)}={PrometheusValue.Format(p.Second)}");
        var before = skip > 0 ? "… " : "";
        var more = series.Timestamps.Length > skip + Max ? " …" : "";
        return $"{series.Timestamps.Length} points [{before}{string.Join(", ", shown)}{more}]";
    }

    private static string Join(double[] values) => string.Join(", ", values.Select(PrometheusValue.Format));
}
