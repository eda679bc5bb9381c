using HmsOps.Core.Telemetry;

namespace HmsOps.Core.PromQL;

/// <summary>What a query returns: one of Prometheus's four result types.</summary>
public abstract record QueryValue
{
    /// <summary>Prometheus's <c>resultType</c>: scalar, string, vector or matrix.</summary>
    public abstract string ResultType { get; }
}

public sealed record ScalarResult(long TimestampMs, double Value) : QueryValue
{
    public override string ResultType => "scalar";
}

public sealed record StringResult(long TimestampMs, string Value) : QueryValue
{
    public override string ResultType => "string";
}

public sealed record VectorSample(LabelSet Labels, long TimestampMs, double Value);

public sealed record VectorResult(IReadOnlyList<VectorSample> Samples) : QueryValue
{
    public override string ResultType => "vector";
}

/// <summary>One series of a range result: parallel arrays of timestamps (ms) and values, in time order.</summary>
public sealed record MatrixSeries(LabelSet Labels, long[] Timestamps, double[] Values);

public sealed record MatrixResult(IReadOnlyList<MatrixSeries> Series) : QueryValue
{
    public override string ResultType => "matrix";
}
