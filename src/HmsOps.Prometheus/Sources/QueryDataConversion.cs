using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Prometheus;

/// <summary>Prometheus's reply DTOs as the engine's result values, so callers cannot tell the sources apart.</summary>
public static class QueryDataConversion
{
    public static QueryValue ToQueryValue(QueryData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.ResultType switch
        {
            QueryResultType.Vector => new VectorResult(data.Vector
                .Select(s => new VectorSample(ToLabelSet(s.Metric), Ms(s.Value.UnixSeconds), s.Value.Value)).ToArray()),
            QueryResultType.Matrix => new MatrixResult(data.Matrix
                .Select(s => new MatrixSeries(ToLabelSet(s.Metric),
                    s.Values.Select(p => Ms(p.UnixSeconds)).ToArray(),
                    s.Values.Select(p => p.Value).ToArray())).ToArray()),
            QueryResultType.Scalar => data.Scalar is { } scalar
                ? new ScalarResult(Ms(scalar.UnixSeconds), scalar.Value)
                : throw new PromQLException(QueryErrorType.Internal, "Prometheus answered a scalar without a value"),
            _ => data.StringValue is { } text
                ? new StringResult(Ms(text.UnixSeconds), text.Value)
                : throw new PromQLException(QueryErrorType.Internal, "Prometheus answered a string without a value"),
        };
    }

    public static LabelSet ToLabelSet(IReadOnlyDictionary<string, string> labels) =>
        LabelSet.From(labels.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));

    private static long Ms(double unixSeconds) => (long)Math.Round(unixSeconds * 1000d);
}
