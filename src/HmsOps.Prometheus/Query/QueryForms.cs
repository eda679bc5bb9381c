using Refit;

namespace HmsOps.Prometheus;

/// <summary>The form body of <c>POST /api/v1/query</c>; null fields are left out.</summary>
public sealed class InstantQueryForm
{
    [AliasAs("query")]
    public required string Query { get; init; }

    [AliasAs("time")]
    public string? Time { get; init; }

    [AliasAs("timeout")]
    public string? Timeout { get; init; }
}

/// <summary>The form body of <c>POST /api/v1/query_range</c>; null fields are left out.</summary>
public sealed class RangeQueryForm
{
    [AliasAs("query")]
    public required string Query { get; init; }

    [AliasAs("start")]
    public required string Start { get; init; }

    [AliasAs("end")]
    public required string End { get; init; }

    [AliasAs("step")]
    public required string Step { get; init; }

    [AliasAs("timeout")]
    public string? Timeout { get; init; }
}
