namespace HmsOps.Core.PromQL;

/// <summary>Prometheus's API <c>errorType</c> values, so the HTTP layer can answer exactly as Prometheus does.</summary>
public enum QueryErrorType { BadData, Timeout, Canceled, Execution, Unavailable, Internal }

public static class QueryErrorTypes
{
    /// <summary>The wire form: bad_data, timeout, canceled, execution, unavailable, internal.</summary>
    public static string Wire(this QueryErrorType type) => type switch
    {
        QueryErrorType.BadData => "bad_data",
        QueryErrorType.Timeout => "timeout",
        QueryErrorType.Canceled => "canceled",
        QueryErrorType.Execution => "execution",
        QueryErrorType.Unavailable => "unavailable",
        _ => "internal",
    };
}

/// <summary>A query that cannot be answered: a parse error, an unsupported construct, a limit, a timeout.</summary>
public class PromQLException(QueryErrorType errorType, string message, Exception? inner = null) : Exception(message, inner)
{
    public QueryErrorType ErrorType { get; } = errorType;
}

/// <summary>A syntax or type error at a 0-based character <see cref="Position"/> of the query text.</summary>
public sealed class PromQLParseException(int position, string message)
    : PromQLException(QueryErrorType.BadData, message)
{
    public int Position { get; } = position;
}
