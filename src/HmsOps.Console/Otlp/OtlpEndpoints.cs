using HmsOps.Console.Hosting;
using HmsOps.Console.Ingest;
using HmsOps.Core.Ingest;
using HmsOps.Core.Otlp;
using HmsOps.Core.Otlp.Proto.Collector;

namespace HmsOps.Console.Otlp;

/// <summary>
/// OTLP/HTTP: <c>POST /v1/traces</c>, <c>/v1/logs</c> and <c>/v1/metrics</c>, protobuf or JSON, gzip or not, with the
/// same key, limits and durability as <c>/ingest</c>: 200 only once the valid items are in the write-ahead log.
/// Invalid items are refused one by one (partial success); a body that is not an OTLP message at all is a 400.
/// </summary>
public static class OtlpEndpoints
{
    public static void MapOtlp(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<IngestLimits>();
        foreach (var signal in new[] { OtlpSignal.Traces(limits), OtlpSignal.Logs(limits), OtlpSignal.Metrics(limits) })
        {
            app.MapPost(signal.Path, (HttpContext context, ApiKeyCheck keys, IngestOptions options, IngestPipeline pipeline,
                    IngestStatistics statistics, TimeProvider time) => HandleAsync(signal, context, keys, options, pipeline, statistics, time))
                .DisableAntiforgery().AllowAnonymous(); // guarded by the ingest API key, not sign-in
        }
        if (app.Configuration.GetValue("Ingest:NoopEndpoint", false))
        {
            // The benchmark's baseline: the same key check, body read and decoding, no mapping or storage.
            app.MapPost("/v1/traces/noop", NoopAsync).DisableAntiforgery().AllowAnonymous();
        }
    }

    private static async Task<IResult> HandleAsync(
        OtlpSignal signal, HttpContext context, ApiKeyCheck keys, IngestOptions options, IngestPipeline pipeline,
        IngestStatistics statistics, TimeProvider time)
    {
        if (Negotiate(context, out var encoding, out var gzip) is { } unsupported)
        {
            statistics.CountRejection("unsupported_media_type");
            return unsupported;
        }
        if (!keys.IsAuthorized(context.Request))
        {
            statistics.CountRejection("unauthorized");
            return OtlpResults.Unauthorized(encoding);
        }
        if (context.Request.ContentLength > options.MaxBodyBytes)
        {
            statistics.CountRejection("too_large");
            return OtlpResults.TooLarge(options.MaxBodyBytes, encoding);
        }
        var (status, body) = await OtlpBody.ReadAsync(context, options.MaxBodyBytes, gzip);
        if (body is null)
        {
            statistics.CountRejection(status == OtlpBody.ReadStatus.TooLarge ? "too_large" : "invalid");
            return status == OtlpBody.ReadStatus.TooLarge
                ? OtlpResults.TooLarge(options.MaxBodyBytes, encoding)
                : OtlpResults.BadRequest("the body is not valid gzip (Content-Encoding: gzip)", encoding);
        }

        OtlpMapResult mapped;
        using (body)
        {
            try
            {
                var request = signal.Decode(body.Memory.Span, encoding);
                mapped = signal.Map(request, time.GetUtcNow().ToUnixTimeMilliseconds());
            }
            catch (OtlpFormatException ex)
            {
                statistics.CountRejection("invalid");
                return OtlpResults.BadRequest(ex.Message, encoding);
            }
        }
        if (mapped.RequestError is { } requestError)
        {
            statistics.CountRejection("invalid");
            return OtlpResults.BadRequest($"{requestError}; nothing from this request was stored", encoding);
        }
        if (mapped.Rejected > 0)
        {
            statistics.CountRejection("otlp_item_invalid");
        }
        if (mapped.Events.Count == 0)
        {
            return OtlpResults.Message(signal.Response(mapped.Rejected, mapped.ErrorMessage), encoding);
        }

        var outcome = await pipeline.SubmitAsync(mapped.Events);
        return outcome.Status switch
        {
            IngestStatus.Accepted => OtlpResults.Message(signal.Response(mapped.Rejected, mapped.ErrorMessage), encoding),
            IngestStatus.Rejected => OtlpResults.BadRequest(
                $"{string.Join("; ", outcome.Errors.Select(e => e.Reason))}; nothing from this request was stored", encoding),
            IngestStatus.Saturated => OtlpResults.Saturated(context, options.MaxQueuedEvents, options.RetryAfterSeconds, encoding),
            _ => OtlpResults.Unavailable(outcome.Detail ?? "the ingest pipeline is not running", encoding),
        };
    }

    private static async Task<IResult> NoopAsync(HttpContext context, ApiKeyCheck keys, IngestOptions options)
    {
        if (Negotiate(context, out var encoding, out var gzip) is { } unsupported)
        {
            return unsupported;
        }
        if (!keys.IsAuthorized(context.Request))
        {
            return OtlpResults.Unauthorized(encoding);
        }
        var (_, body) = await OtlpBody.ReadAsync(context, options.MaxBodyBytes, gzip);
        if (body is null)
        {
            return OtlpResults.TooLarge(options.MaxBodyBytes, encoding);
        }
        using (body)
        {
            try
            {
                OtlpDecoder.Decode(body.Memory.Span, encoding, ExportTraceServiceRequest.Parser);
            }
            catch (OtlpFormatException ex)
            {
                return OtlpResults.BadRequest(ex.Message, encoding);
            }
        }
        return OtlpResults.Message(new ExportTraceServiceResponse(), encoding);
    }

    /// <summary>The request's encoding and compression, or the 415 that refuses them.</summary>
    private static IResult? Negotiate(HttpContext context, out OtlpEncoding encoding, out bool gzip)
    {
        gzip = false;
        encoding = OtlpEncoding.Protobuf;
        if (OtlpBody.EncodingOf(context.Request.ContentType) is not { } known)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Content-Type '{context.Request.ContentType}' is not accepted; send {OtlpBody.ProtobufType} or {OtlpBody.JsonType}",
                [Problems.FieldError(null, "Content-Type", $"must be {OtlpBody.ProtobufType} or {OtlpBody.JsonType}")]);
        }
        encoding = known;
        if (!OtlpBody.IsSupportedCompression(context.Request.Headers.ContentEncoding, out gzip))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content encoding",
                $"Content-Encoding '{context.Request.Headers.ContentEncoding}' is not accepted; send gzip or no encoding",
                [Problems.FieldError(null, "Content-Encoding", "must be gzip or absent")]);
        }
        return null;
    }
}
