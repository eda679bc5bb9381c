using System.Security.Cryptography;
using System.Text;
using HmsOps.Console.Hosting;
using HmsOps.Core.Alerting.External;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace HmsOps.Console.Alerting;

/// <summary>
/// <c>POST /api/alertmanager/webhook</c>: Alertmanager's webhook payload version 4. Checks the bearer token (constant
/// time), the size and the payload, then stores every alert in one merge, or nothing: any error is a
/// problem+json naming the field.
/// </summary>
public sealed partial class AlertmanagerWebhookHandler
{
    public const string SourceName = "Alertmanager webhook";

    private readonly AlertmanagerWebhookOptions _options;
    private readonly ExternalAlertIntake _intake;
    private readonly ExternalSourceBoard _board;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertmanagerWebhookHandler> _logger;
    private readonly byte[]? _tokenHash;

    public AlertmanagerWebhookHandler(AlertmanagerWebhookOptions options, ExternalAlertIntake intake, ExternalSourceBoard board,
        TimeProvider time, ILogger<AlertmanagerWebhookHandler> logger)
    {
        _options = options;
        _intake = intake;
        _board = board;
        _time = time;
        _logger = logger;
        _tokenHash = string.IsNullOrEmpty(options.BearerToken) ? null : Hash(options.BearerToken);
    }

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        if (!IsAuthorized(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Create(StatusCodes.Status401Unauthorized, "Missing or wrong bearer token",
                "send Authorization: Bearer with the token of Alerting:Alertmanager:BearerToken (Alertmanager: http_config.authorization.credentials)",
                [Problems.FieldError(null, "Authorization", "missing or not the configured bearer token")]);
        }
        if (context.Request.ContentType is { } contentType
            && (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Content-Type '{contentType}' is not accepted; Alertmanager sends application/json",
                [Problems.FieldError(null, "Content-Type", "must be application/json")]);
        }
        var body = await ReadBoundedAsync(context, _options.MaxBodyBytes);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"the body is larger than Alerting:Alertmanager:MaxBodyBytes ({_options.MaxBodyBytes} bytes)",
                [Problems.FieldError(null, "body", $"larger than {_options.MaxBodyBytes} bytes")]);
        }
        var now = _time.GetUtcNow();
        var parsed = AlertmanagerWebhookParser.Parse(body, _options.MaxAlertsPerRequest, now);
        if (!parsed.Succeeded)
        {
            LogRefused(parsed.Errors[0].ToString(), parsed.Errors.Count);
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid Alertmanager webhook payload",
                $"{parsed.Errors[0]}{(parsed.Errors.Count > 1 ? $" (and {parsed.Errors.Count - 1} more)" : "")}; nothing from this request was stored",
                parsed.Errors.Select(e => Problems.FieldError(null, e.Field, e.Reason)));
        }
        _intake.Report(ExternalAlertIntake.AlertmanagerScope, parsed.Alerts);
        var resolved = parsed.Alerts.Count(a => a.IsResolved);
        _board.Succeeded(SourceName, now, parsed.Alerts.Count, parsed.Alerts.Count - resolved, resolved);
        return Results.Json(new { accepted = parsed.Alerts.Count });
    }

    private bool IsAuthorized(HttpRequest request)
    {
        if (_tokenHash is null)
        {
            return true;
        }
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        // Hashes have one length whatever was sent, so the comparison time says nothing about the token.
        return CryptographicOperations.FixedTimeEquals(Hash(header[Scheme.Length..].Trim()), _tokenHash);
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>The whole body, or null as soon as it passes the limit (chunked bodies too).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpContext context, long maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null; // the limit here is the one that applies, with a clear 413
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an Alertmanager webhook call: {FirstError} ({Count} errors)")]
    private partial void LogRefused(string firstError, int count);
}
