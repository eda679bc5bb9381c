using HmsOps.Console.Hosting;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.External;

namespace HmsOps.Console.Alerting;

/// <summary>The Alertmanager webhook, the external sources' status, and the alert book as JSON.</summary>
public static class ExternalAlertEndpoints
{
    public static void MapExternalAlerts(this WebApplication app)
    {
        var enabled = ExternalAlertsRegistration.IsPrometheusSource(app.Configuration);
        if (enabled)
        {
            app.Services.GetRequiredService<ExternalSourceBoard>()
                .Register(AlertmanagerWebhookHandler.SourceName, ExternalAlertsRegistration.WebhookPath);
        }
        app.MapPost(ExternalAlertsRegistration.WebhookPath, (HttpContext context, AlertmanagerWebhookHandler handler) => enabled
                ? handler.HandleAsync(context)
                : Task.FromResult(Problems.Create(StatusCodes.Status404NotFound, "Alertmanager webhook not enabled",
                    "alerts come from Alertmanager only with Metrics:Source=Prometheus; the embedded default evaluates the console's own rules")))
            .DisableAntiforgery().AllowAnonymous(); // Alertmanager sends its own bearer token, checked by the handler

        // For the Alerts page's source panel and for scripts: is each external source answering, since when not.
        app.MapGet("/api/alerting/sources", (ExternalSourceBoard board) => Results.Json(new
        {
            sources = board.Snapshot().Select(s => new
            {
                name = s.Name,
                target = s.Target,
                health = s.Health.ToString().ToLowerInvariant(),
                lastSuccessAt = s.LastSuccessAt,
                staleSince = s.StaleSince,
                lastError = s.LastError,
                alerts = s.Alerts,
                firingReceived = s.FiringReceived,
                resolvedReceived = s.ResolvedReceived,
            }),
        }));

        // Every alert the console holds, whatever its origin (Prometheus's /api/v1/alerts format has no room for
        // origin, resolved alerts or acknowledgements).
        app.MapGet("/api/alerts", (AlertBook book) => Results.Json(new
        {
            alerts = book.Snapshot().Select(a => new
            {
                fingerprint = a.Fingerprint,
                labels = a.Labels.Pairs.ToDictionary(p => p.Key, p => p.Value),
                annotations = a.Annotations.Pairs.ToDictionary(p => p.Key, p => p.Value),
                state = a.IsResolved ? "resolved" : a.State.ToString().ToLowerInvariant(),
                value = a.Value is { } v && double.IsFinite(v) ? v : (double?)null,
                activeAt = a.ActiveAt,
                firedAt = a.FiredAt,
                resolvedAt = a.ResolvedAt,
                updatedAt = a.UpdatedAt,
                origin = a.Origin.ToString().ToLowerInvariant(),
                source = a.Source,
                generatorUrl = a.GeneratorUrl,
                acknowledged = a.Acknowledged is { } ack ? new { by = ack.By, at = ack.At } : null,
            }),
        }));
    }
}
