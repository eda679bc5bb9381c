using System.Text.Json;
using HmsOps.Core.Metrics.Sources;

namespace HmsOps.Console.Live;

/// <summary>
/// What the hub pushes as <c>result</c>. <see cref="Result"/> has the JSON shape of the Prometheus API's
/// <c>data.result</c> (null when the query never succeeded); <see cref="UnavailableSince"/> is set while the
/// source cannot be reached (the result is then the last good one); <see cref="Error"/> when the query failed.
/// </summary>
public sealed record LiveResultMessage(
    string SubscriptionId,
    DateTimeOffset EvaluatedAt,
    string? ResultType,
    JsonElement? Result,
    string? Error,
    DateTimeOffset? UnavailableSince)
{
    public static LiveResultMessage From(string subscriptionId, LiveQueryResult result) => new(
        subscriptionId,
        result.EvaluatedAt,
        result.Value?.ResultType,
        result.Value is { } value ? PrometheusResultJson.ToJson(value) : null,
        result.Error,
        result.UnavailableSince);
}
