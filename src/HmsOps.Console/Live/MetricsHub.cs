using HmsOps.Core.Metrics;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.PromQL;
using Microsoft.AspNetCore.SignalR;

namespace HmsOps.Console.Live;

/// <summary>
/// <c>/hubs/metrics</c>: lets clients other than the Blazor pages subscribe to a PromQL query and receive the
/// shared scheduler's results as <c>result</c> messages (<see cref="LiveResultMessage"/>).
/// </summary>
public sealed class MetricsHub(HubSubscriptions subscriptions, LiveOptions live, MetricsOptions metrics) : Hub
{
    /// <summary>
    /// Keeps <paramref name="expr"/> live: an instant query when <paramref name="rangeSeconds"/> is 0, otherwise a
    /// range query over the last <paramref name="rangeSeconds"/> at <paramref name="stepSeconds"/>, re-evaluated every
    /// <paramref name="refreshSeconds"/>. Returns the subscription id that every pushed result carries.
    /// </summary>
    public string Subscribe(string expr, double rangeSeconds, double stepSeconds, double refreshSeconds)
    {
        var query = ToLiveQuery(expr, rangeSeconds, stepSeconds, refreshSeconds);
        try
        {
            return subscriptions.Add(Context.ConnectionId, query);
        }
        catch (LiveQueryLimitException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    /// <summary>Ends a subscription of this connection; false when it has no subscription with that id.</summary>
    public bool Unsubscribe(string id) => subscriptions.Remove(Context.ConnectionId, id ?? "");

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        subscriptions.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    private LiveQuery ToLiveQuery(string expr, double rangeSeconds, double stepSeconds, double refreshSeconds)
    {
        if (string.IsNullOrWhiteSpace(expr))
        {
            throw new HubException("expr must not be empty");
        }
        if (expr.Length > live.MaxExpressionLength)
        {
            throw new HubException($"expr is longer than {live.MaxExpressionLength} characters (Live:MaxExpressionLength)");
        }
        CheckSyntax(expr, rangeSeconds > 0);
        if (!double.IsFinite(rangeSeconds) || rangeSeconds < 0 || rangeSeconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw new HubException("rangeSeconds must be 0 (an instant query) or a positive number of seconds");
        }
        if (rangeSeconds > 0)
        {
            if (!double.IsFinite(stepSeconds) || stepSeconds < 0.001)
            {
                throw new HubException("stepSeconds must be at least 0.001 for a range query (rangeSeconds above 0)");
            }
            if (rangeSeconds / stepSeconds > metrics.MaxPoints)
            {
                throw new HubException(
                    $"stepSeconds is too small: rangeSeconds / stepSeconds must be at most {metrics.MaxPoints} points (Metrics:MaxPoints)");
            }
        }
        if (!double.IsFinite(refreshSeconds) || refreshSeconds < live.MinRefresh.TotalSeconds || refreshSeconds > 86_400)
        {
            throw new HubException($"refreshSeconds must be between {live.MinRefresh.TotalSeconds} (Live:MinRefresh) and 86400");
        }
        return new LiveQuery(
            expr,
            TimeSpan.FromSeconds(rangeSeconds),
            rangeSeconds > 0 ? TimeSpan.FromSeconds(stepSeconds) : TimeSpan.Zero,
            TimeSpan.FromSeconds(refreshSeconds));
    }

    /// <summary>
    /// Syntax and type errors are refused at once, as any Prometheus would refuse them. A construct this console's
    /// engine does not evaluate is let through: with <c>Metrics:Source=Prometheus</c> the source may well answer it,
    /// and otherwise the pushed result carries the engine's error.
    /// </summary>
    private static void CheckSyntax(string expr, bool isRange)
    {
        Expr parsed;
        try
        {
            parsed = PromQLParser.Parse(expr);
        }
        catch (PromQLParseException ex)
        {
            throw new HubException($"expr is not valid PromQL: {ex.Message}");
        }
        catch (PromQLException)
        {
            return;
        }
        if (isRange && PromQLParser.TypeOf(parsed) is not (PromValueType.Scalar or PromValueType.InstantVector))
        {
            throw new HubException("expr must be a scalar or an instant vector for a range query (rangeSeconds above 0), as in Prometheus");
        }
    }
}
