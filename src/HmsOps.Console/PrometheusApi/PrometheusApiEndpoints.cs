using HmsOps.Console.Security;
using System.Text.Json;
using HmsOps.Core.Metrics;
using HmsOps.Core.Metrics.Api;
using HmsOps.Core.Metrics.Sources;

namespace HmsOps.Console.PrometheusApi;

/// <summary>
/// The Prometheus HTTP API v1 read endpoints and <c>/federate</c>, always over the embedded store whatever
/// <c>Metrics:Source</c> says, so Grafana, promtool or a Prometheus can read the console. GET and form POST, as Prometheus.
/// Open without sign-in unless Auth:OpenPrometheusApi is false (Grafana and Prometheus read it with no credentials).
/// </summary>
public static class PrometheusApiEndpoints
{
    public static void MapPrometheusApi(this WebApplication app)
    {
        Map(app, "/api/v1/query", (api, p, _, ct) => api.QueryAsync(p, ct));
        Map(app, "/api/v1/query_range", (api, p, _, ct) => api.QueryRangeAsync(p, ct));
        Map(app, "/api/v1/series", (api, p, _, ct) => api.SeriesAsync(p, ct));
        Map(app, "/api/v1/labels", (api, p, _, ct) => api.LabelNamesAsync(p, ct));
        Map(app, "/api/v1/label/{name}/values", (api, p, context, ct) =>
            api.LabelValuesAsync((string)context.Request.RouteValues["name"]!, p, ct));
        Map(app, "/api/v1/metadata", (api, p, _, _) => Task.FromResult(api.Metadata(p)));
        app.MapMethods("/federate", [HttpMethods.Get, HttpMethods.Post], FederateAsync).DisableAntiforgery()
            .AllowAnonymousWhen(EndpointAccess.PrometheusApiOpen(app.Services));
    }

    private static void Map(WebApplication app, string pattern, Func<PrometheusQueryApi, IApiParameters, HttpContext, CancellationToken, Task<ApiReply>> handle) =>
        app.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Post], async (HttpContext context, PrometheusQueryApi api) =>
        {
            var parameters = await FormParameters.ReadAsync(context.Request);
            ApiReply reply;
            try
            {
                reply = await handle(api, parameters, context, context.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                reply = new ErrorReply(HmsOps.Core.PromQL.QueryErrorType.Internal, ex.Message);
            }
            await WriteAsync(context.Response, reply);
        }).DisableAntiforgery().AllowAnonymousWhen(EndpointAccess.PrometheusApiOpen(app.Services));

    private static async Task WriteAsync(HttpResponse response, ApiReply reply)
    {
        response.StatusCode = reply.StatusCode;
        response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, ApiReplyWriter.Options))
        {
            ApiReplyWriter.Write(writer, reply);
        }
        await response.BodyWriter.FlushAsync();
    }

    private static async Task FederateAsync(
        HttpContext context, [FromKeyedServices(MetricsSourceKeys.Embedded)] IMetricsSource embedded, TimeSeriesStore store,
        MetricsOptions options, TimeProvider time)
    {
        var parameters = await FormParameters.ReadAsync(context.Request);
        var match = parameters.GetAll("match[]");
        var now = time.GetUtcNow();
        IReadOnlyList<Core.Telemetry.LabelSet> series;
        try
        {
            series = match.Count == 0 ? [] : await embedded.SeriesAsync(match, now - options.LookbackDelta, now, context.RequestAborted);
        }
        catch (HmsOps.Core.PromQL.PromQLException ex)
        {
            // Prometheus answers a bad match[] on /federate with 400 and the parse error as plain text.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(ex.Message);
            return;
        }
        var samples = Federation.Collect(store, series, (now - options.LookbackDelta).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds());
        // Written to memory first: Kestrel refuses synchronous writes to the response body.
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Federation.Write(text, samples, store.Metadata);
        context.Response.ContentType = Federation.ContentType;
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
