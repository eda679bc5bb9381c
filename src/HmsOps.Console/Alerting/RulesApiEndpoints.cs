using HmsOps.Console.Security;
using System.Text.Json;
using HmsOps.Console.PrometheusApi;
using HmsOps.Core.Alerting.Evaluation;
using HmsOps.Core.Metrics.Api;
using HmsOps.Core.PromQL;

namespace HmsOps.Console.Alerting;

/// <summary>
/// Prometheus's <c>/api/v1/rules</c> (with <c>type=alert|record</c>) and <c>/api/v1/alerts</c> over the console's own
/// rule evaluator, in Prometheus's JSON. With <c>Metrics:Source=Prometheus</c> the console evaluates nothing and both
/// answer empty lists: ask the real Prometheus.
/// </summary>
public static class RulesApiEndpoints
{
    public static void MapRulesApi(this WebApplication app)
    {
        app.MapMethods("/api/v1/rules", [HttpMethods.Get, HttpMethods.Post], async (HttpContext context, RuleEvaluator evaluator) =>
        {
            var parameters = await FormParameters.ReadAsync(context.Request);
            var type = parameters.Get("type")?.ToLowerInvariant();
            RuleTypeFilter? filter = type switch
            {
                null or "" => RuleTypeFilter.All,
                "alert" => RuleTypeFilter.Alert,
                "record" => RuleTypeFilter.Record,
                _ => null,
            };
            if (filter is not { } f)
            {
                await WriteAsync(context.Response, StatusCodes.Status400BadRequest, w => ApiReplyWriter.Write(w,
                    new ErrorReply(QueryErrorType.BadData, $"invalid parameter \"type\": not supported value \"{parameters.Get("type")}\"")));
                return;
            }
            await WriteAsync(context.Response, StatusCodes.Status200OK, w => RulesApiWriter.WriteRules(w, evaluator.Groups, f));
        }).DisableAntiforgery().AllowAnonymousWhen(EndpointAccess.PrometheusApiOpen(app.Services));

        app.MapMethods("/api/v1/alerts", [HttpMethods.Get, HttpMethods.Post], (HttpContext context, RuleEvaluator evaluator) =>
            WriteAsync(context.Response, StatusCodes.Status200OK, w => RulesApiWriter.WriteAlerts(w, evaluator.Groups))).DisableAntiforgery()
            .AllowAnonymousWhen(EndpointAccess.PrometheusApiOpen(app.Services));
    }

    private static async Task WriteAsync(HttpResponse response, int status, Action<Utf8JsonWriter> write)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, ApiReplyWriter.Options))
        {
            write(writer);
        }
        await response.BodyWriter.FlushAsync();
    }
}
