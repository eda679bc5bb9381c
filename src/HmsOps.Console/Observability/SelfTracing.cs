using HmsOps.Console.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HmsOps.Console.Observability;

/// <summary>
/// With <c>Telemetry:SelfTrace=true</c> the console traces its own HTTP requests and outgoing calls and sends the spans
/// to its own OTLP receiver as service <c>hms-ops-console</c>, so its slow requests show on its own waterfall.
/// The receiver's requests, the Blazor circuit, static files, /metrics and the health checks are not traced: tracing
/// the export requests would trace the traces (a feedback loop), and the rest is noise.
/// </summary>
public static class SelfTracing
{
    public const string ServiceName = "hms-ops-console";

    private static readonly string[] Untraced =
        ["/v1/", "/_blazor", "/_framework", "/_content", "/metrics", "/healthz", "/readyz", "/livez", "/lib/", "/css/", "/js/", "/favicon"];

    public static WebApplicationBuilder AddSelfTracing(this WebApplicationBuilder builder)
    {
        ServiceRegistration.Bind<SelfTraceOptions, SelfTraceOptionsValidator>(builder, SelfTraceOptions.Section);
        var options = builder.Configuration.GetSection(SelfTraceOptions.Section).Get<SelfTraceOptions>() ?? new SelfTraceOptions();
        var apiKey = SelfTraceOptions.ApiKey(options, builder.Configuration);
        var endpoint = SelfTraceOptions.Endpoint(options, builder.Configuration);
        if (!options.SelfTrace || apiKey is null || endpoint is null)
        {
            // Off, or misconfigured: the validator stops start-up with the reason in the latter case.
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => IsTraced(context.Request.Path))
                // A request that came with only x-trace is joined to the caller's trace by this source's activity.
                .AddSource(HmsOps.Console.Propagation.TraceContextMiddleware.Source.Name)
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                    request.RequestUri is not { } uri || !uri.AbsolutePath.StartsWith("/v1/", StringComparison.Ordinal)
                    || uri.Authority != endpoint.Authority)
                .AddOtlpExporter(exporter =>
                {
                    exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                    exporter.Endpoint = endpoint;
                    exporter.Headers = "X-Api-Key=" + apiKey;
                    exporter.ExportProcessorType = ExportProcessorType.Batch;
                    exporter.BatchExportProcessorOptions = new BatchExportActivityProcessorOptions
                    {
                        MaxQueueSize = options.SelfTraceMaxQueuedSpans,
                        MaxExportBatchSize = Math.Min(512, options.SelfTraceMaxQueuedSpans),
                    };
                }));
        return builder;
    }

    public static bool IsTraced(PathString path)
    {
        var value = path.Value ?? "";
        return !Untraced.Any(prefix => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            && !Path.HasExtension(value); // static files
    }
}
