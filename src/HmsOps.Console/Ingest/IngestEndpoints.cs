using System.Buffers;
using HmsOps.Console.Hosting;
using HmsOps.Core.Ingest;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace HmsOps.Console.Ingest;

/// <summary>
/// <c>POST /ingest</c>: one event, a JSON array, or NDJSON. 202 only once the batch is durable;
/// otherwise a problem+json naming what is wrong, and nothing of the request is stored.
/// </summary>
public static class IngestEndpoints
{
    public static void MapIngest(this WebApplication app)
    {
        app.MapPost("/ingest", HandleAsync).DisableAntiforgery().AllowAnonymous(); // guarded by the ingest API key, not sign-in
        if (app.Configuration.GetValue("Ingest:NoopEndpoint", false))
        {
            // The benchmark's baseline: same auth and body read, no parsing or storage.
            app.MapPost("/ingest/noop", async (HttpContext context, ApiKeyCheck keys, IngestOptions options) =>
            {
                if (!keys.IsAuthorized(context.Request))
                {
                    return ApiKeyCheck.Problem();
                }
                var body = await ReadBodyAsync(context, options.MaxBodyBytes);
                return body is null ? TooLarge(options) : Results.Json(new { accepted = 0 }, statusCode: 202);
            }).DisableAntiforgery().AllowAnonymous();
        }
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context, ApiKeyCheck keys, IngestOptions options, IngestParser parser, IngestPipeline pipeline,
        IngestStatistics statistics, TimeProvider time)
    {
        if (!keys.IsAuthorized(context.Request))
        {
            statistics.CountRejection("unauthorized");
            return ApiKeyCheck.Problem();
        }
        var format = FormatOf(context.Request.ContentType);
        if (format is null)
        {
            statistics.CountRejection("unsupported_media_type");
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Content-Type '{context.Request.ContentType}' is not accepted; send application/json or application/x-ndjson",
                [Problems.FieldError(null, "Content-Type", "must be application/json or application/x-ndjson")]);
        }
        if (context.Request.ContentLength > options.MaxBodyBytes)
        {
            statistics.CountRejection("too_large");
            return TooLarge(options);
        }
        using var body = await ReadBodyAsync(context, options.MaxBodyBytes);
        if (body is null)
        {
            statistics.CountRejection("too_large");
            return TooLarge(options);
        }

        var parsed = parser.Parse(body.Memory, format.Value, time.GetUtcNow());
        if (!parsed.Succeeded)
        {
            statistics.CountRejection("invalid");
            return Invalid(parsed.Errors);
        }

        var outcome = await pipeline.SubmitAsync(parsed.Events);
        return outcome.Status switch
        {
            IngestStatus.Accepted => Results.Json(new { accepted = outcome.Accepted }, statusCode: StatusCodes.Status202Accepted),
            IngestStatus.Rejected => Invalid(outcome.Errors),
            IngestStatus.Saturated => Saturated(context, options),
            _ => Problems.Create(StatusCodes.Status503ServiceUnavailable, "Ingest unavailable", outcome.Detail ?? "the ingest pipeline is not running"),
        };
    }

    private static IngestFormat? FormatOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }
        return media.MediaType.Value?.ToLowerInvariant() switch
        {
            "application/json" => IngestFormat.Json,
            "application/x-ndjson" or "application/ndjson" => IngestFormat.NdJson,
            _ => null,
        };
    }

    /// <summary>Reads the whole body, or returns null as soon as it passes the limit (chunked bodies too).</summary>
    internal static async Task<PooledBody?> ReadBodyAsync(HttpContext context, long maxBytes)
    {
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = null; // the limit below is the one that applies, with a clear 413
        }
        var initial = (int)Math.Min(maxBytes + 1, context.Request.ContentLength ?? 64 * 1024);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 1024));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(length));
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }
            return new PooledBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static IResult Invalid(IReadOnlyList<IngestError> errors) =>
        Problems.Create(StatusCodes.Status400BadRequest, "Invalid ingest request",
            $"{errors[0]}{(errors.Count > 1 ? $" (and {errors.Count - 1} more)" : "")}; nothing from this request was stored",
            errors.Select(e => Problems.FieldError(e.Index, e.Field, e.Reason)));


    private static IResult TooLarge(IngestOptions options) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"the body is larger than Ingest:MaxBodyBytes ({options.MaxBodyBytes} bytes); split it into smaller batches",
            [Problems.FieldError(null, "body", $"larger than {options.MaxBodyBytes} bytes")]);

    private static IResult Saturated(HttpContext context, IngestOptions options)
    {
        context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status429TooManyRequests, "Ingest queue full",
            $"the ingest queue holds its maximum of {options.MaxQueuedEvents} events (Ingest:MaxQueuedEvents); retry after {options.RetryAfterSeconds} s. Nothing from this request was stored.");
    }

    internal sealed class PooledBody(byte[] buffer, int length) : IDisposable
    {
        public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, length);

        public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
    }
}
