using HmsOps.Core.PromQL;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Metrics.Api;

/// <summary>What a Prometheus API call answers, before it is written as JSON.</summary>
public abstract record ApiReply
{
    /// <summary>The HTTP status Prometheus uses for this reply.</summary>
    public virtual int StatusCode => 200;
}

public sealed record QueryReply(QueryValue Value) : ApiReply;

/// <summary>A sorted list of names or values (<c>/labels</c>, <c>/label/{name}/values</c>).</summary>
public sealed record StringListReply(IReadOnlyList<string> Values) : ApiReply;

public sealed record SeriesReply(IReadOnlyList<LabelSet> Series) : ApiReply;

/// <summary>Metric family name → type; help and unit are empty (ingest carries neither).</summary>
public sealed record MetadataReply(IReadOnlyList<KeyValuePair<string, string>> Families) : ApiReply;

public sealed record ErrorReply(QueryErrorType Type, string Message) : ApiReply
{
    /// <summary>Prometheus: 400 bad_data, 422 execution, 503 timeout/canceled/unavailable, 500 internal.</summary>
    public override int StatusCode => Type switch
    {
        QueryErrorType.BadData => 400,
        QueryErrorType.Execution => 422,
        QueryErrorType.Timeout or QueryErrorType.Canceled or QueryErrorType.Unavailable => 503,
        _ => 500,
    };

    public static ErrorReply BadData(string message) => new(QueryErrorType.BadData, message);
}
