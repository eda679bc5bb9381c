using Google.Protobuf;
using HmsOps.Core.Otlp;
using HmsOps.Core.Otlp.Proto.Rpc;

namespace HmsOps.Console.Otlp;

/// <summary>
/// OTLP/HTTP answers: the Export*ServiceResponse on success, and for errors a google.rpc.Status, both in the request's
/// encoding as the OTLP specification asks (exporters log the Status message). Only a 415, where the request's
/// encoding is unknown, is answered with the console's usual problem+json.
/// </summary>
internal static class OtlpResults
{
    // gRPC status codes, which google.rpc.Status carries.
    private const int InvalidArgument = 3;
    private const int ResourceExhausted = 8;
    private const int UnavailableCode = 14;
    private const int Unauthenticated = 16;

    public static IResult Message(IMessage message, OtlpEncoding encoding) =>
        new StatusResult(StatusCodes.Status200OK, OtlpDecoder.Encode(message, encoding), OtlpBody.ContentType(encoding));

    public static IResult BadRequest(string message, OtlpEncoding encoding) =>
        Error(StatusCodes.Status400BadRequest, InvalidArgument, message, encoding);

    public static IResult Unauthorized(OtlpEncoding encoding) =>
        Error(StatusCodes.Status401Unauthorized, Unauthenticated,
            "missing or wrong API key: send a key listed in Ingest:ApiKeys in the X-Api-Key header or as Authorization: Bearer <key>", encoding);

    public static IResult TooLarge(long maxBytes, OtlpEncoding encoding) =>
        Error(StatusCodes.Status413PayloadTooLarge, ResourceExhausted,
            $"the body (after decompression) is larger than Ingest:MaxBodyBytes ({maxBytes} bytes); export smaller batches", encoding);

    public static IResult Saturated(HttpContext context, int maxQueued, int retryAfterSeconds, OtlpEncoding encoding)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Error(StatusCodes.Status429TooManyRequests, ResourceExhausted,
            $"the ingest queue holds its maximum of {maxQueued} events (Ingest:MaxQueuedEvents); retry after {retryAfterSeconds} s. Nothing from this request was stored.", encoding);
    }

    public static IResult Unavailable(string detail, OtlpEncoding encoding) =>
        Error(StatusCodes.Status503ServiceUnavailable, UnavailableCode, detail, encoding);

    private static IResult Error(int httpStatus, int code, string message, OtlpEncoding encoding) =>
        new StatusResult(httpStatus, OtlpDecoder.Encode(new Status { Code = code, Message = message }, encoding), OtlpBody.ContentType(encoding));

    private sealed class StatusResult(int status, byte[] body, string contentType) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = body.Length;
            await httpContext.Response.Body.WriteAsync(body);
        }
    }
}
