using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HmsOps.Tests.Shared;

/// <summary>The span ids of one checkout trace sent by <see cref="SdkCheckoutClient"/>.</summary>
public sealed record CheckoutTrace(string TraceId, string WebSpanId, string MeshSpanId, string PaymentsSpanId, string DbSpanId);

/// <summary>
/// A real client: the OpenTelemetry .NET SDK exporting OTLP/HTTP protobuf, as a service team would configure it.
/// Three services (three tracer providers, each with its own service.name) pass the trace context along
/// web-ui → mesh → payments-api → db, and payments-api writes two structured logs inside its span.
/// Returns once every exporter has flushed (disposing the providers).
/// </summary>
public static class SdkCheckoutClient
{
    public static CheckoutTrace Send(string consoleBaseUrl, string apiKey)
    {
        using var web = TracerFor("web-ui", consoleBaseUrl, apiKey);
        using var mesh = TracerFor("mesh", consoleBaseUrl, apiKey);
        using var payments = TracerFor("payments-api", consoleBaseUrl, apiKey);
        using var loggers = LoggersFor("payments-api", consoleBaseUrl, apiKey);
        using var webSource = new ActivitySource("web-ui");
        using var meshSource = new ActivitySource("mesh");
        using var paymentsSource = new ActivitySource("payments-api");
        var logger = loggers.CreateLogger("Payments.Checkout");

        // Explicit times, so the slow hop is the database call whatever the machine's speed:
        // checkout 0–120 ms, mesh 5–115, payments 10–110, the database 20–100 (and it fails).
        var t0 = DateTimeOffset.UtcNow;
        using var checkout = webSource.StartActivity("GET /checkout", ActivityKind.Server, default(ActivityContext), startTime: t0)!;
        string meshSpanId, paymentsSpanId, dbSpanId;
        // Each hop gets the caller's context explicitly, as it would from the traceparent header.
        using (var ingress = meshSource.StartActivity("ingress /pay", ActivityKind.Server, checkout.Context, startTime: t0.AddMilliseconds(5))!)
        {
            meshSpanId = ingress.SpanId.ToHexString();
            using (var pay = paymentsSource.StartActivity("POST /pay", ActivityKind.Server, ingress.Context, startTime: t0.AddMilliseconds(10))!)
            {
                paymentsSpanId = pay.SpanId.ToHexString();
                pay.SetTag("payment.amount", 125.5);
                logger.LogInformation("Charging payment {PaymentId} for {Amount}", "p-42", 125.5);
                using (var query = paymentsSource.StartActivity("SELECT payments", ActivityKind.Client, default(ActivityContext), startTime: t0.AddMilliseconds(20))!)
                {
                    dbSpanId = query.SpanId.ToHexString();
                    query.SetTag("db.system", "sqlite");
                    query.SetStatus(ActivityStatusCode.Error, "lock timeout");
                    query.SetEndTime(t0.AddMilliseconds(100).UtcDateTime);
                }
                logger.LogError("Payment {PaymentId} failed: {Reason}", "p-42", "lock timeout");
                pay.SetEndTime(t0.AddMilliseconds(110).UtcDateTime);
            }
            ingress.SetEndTime(t0.AddMilliseconds(115).UtcDateTime);
        }
        checkout.SetEndTime(t0.AddMilliseconds(120).UtcDateTime);
        checkout.Stop();
        return new CheckoutTrace(checkout.TraceId.ToHexString(), checkout.SpanId.ToHexString(), meshSpanId, paymentsSpanId, dbSpanId);
    }

    private static TracerProvider TracerFor(string service, string baseUrl, string apiKey) => Sdk.CreateTracerProviderBuilder()
        .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service))
        .AddSource(service)
        .AddOtlpExporter(exporter =>
        {
            Configure(exporter, baseUrl + "/v1/traces", apiKey);
            exporter.ExportProcessorType = ExportProcessorType.Simple;
        })
        .Build();

    private static ILoggerFactory LoggersFor(string service, string baseUrl, string apiKey) => LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
    {
        options.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service));
        options.IncludeFormattedMessage = true;
        options.AddOtlpExporter(exporter => Configure(exporter, baseUrl + "/v1/logs", apiKey));
    }));

    private static void Configure(OtlpExporterOptions exporter, string endpoint, string apiKey)
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(endpoint);
        exporter.Headers = "X-Api-Key=" + apiKey;
    }
}
