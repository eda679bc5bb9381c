using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Refit;

namespace HmsOps.Prometheus;

/// <summary>
/// A non-2xx reply that carried Prometheus' error envelope. Prometheus answers 400 with <c>bad_data</c> for a
/// malformed query or parameter, 422 with <c>execution</c> when evaluation fails, 503 with <c>timeout</c> or
/// <c>canceled</c>, and 500 with <c>internal</c>. It is still an <see cref="ApiException"/>, so code that catches
/// Refit's exception keeps working.
/// </summary>
public sealed class PrometheusApiException : ApiException
{
    private PrometheusApiException(ApiException reply, PrometheusErrorEnvelope envelope)
        : base(
            $"Prometheus answered {(int)reply.StatusCode} {envelope.ErrorType}: {envelope.Error}",
            reply.RequestMessage,
            reply.HttpMethod,
            reply.Content,
            reply.StatusCode,
            reply.ReasonPhrase,
            reply.Headers,
            reply.RefitSettings,
            reply.InnerException)
    {
        ErrorType = envelope.ErrorType!;
        Error = envelope.Error ?? "";
        Warnings = envelope.Warnings ?? [];
    }

    /// <summary>Prometheus' error class, e.g. <c>bad_data</c>, <c>execution</c>, <c>timeout</c>.</summary>
    public string ErrorType { get; }

    /// <summary>Prometheus' own description, e.g. <c>1:5: parse error: unclosed left parenthesis</c>.</summary>
    public string Error { get; }

    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The typed exception when the reply body is Prometheus' error envelope; null for any other body (a proxy's HTML page, say).</summary>
    public static PrometheusApiException? TryCreate(ApiException reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply as PrometheusApiException
            ?? (reply.TryGetPrometheusError(out var envelope) ? new PrometheusApiException(reply, envelope) : null);
    }

    /// <summary>
    /// A <see cref="RefitSettings.ExceptionFactory"/> body: turns each unsuccessful reply into
    /// <see cref="PrometheusApiException"/> when it carries the envelope, and into Refit's own <see cref="ApiException"/> otherwise.
    /// </summary>
    public static async ValueTask<Exception?> FromResponseAsync(HttpResponseMessage response, RefitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var request = response.RequestMessage
            ?? throw new InvalidOperationException("The reply has no request message to build an ApiException from.");
        var reply = await ApiException.Create(request, request.Method, response, settings).ConfigureAwait(false);
        return TryCreate(reply) ?? (Exception)reply;
    }
}

public static class PrometheusApiExceptionExtensions
{
    /// <summary>
    /// Reads Prometheus' <c>{status, errorType, error}</c> envelope from the body Refit kept on <paramref name="exception"/>.
    /// For a client made without <see cref="PrometheusApiClient"/>'s settings, which throws plain <see cref="ApiException"/>.
    /// </summary>
    public static bool TryGetPrometheusError(this ApiException exception, [NotNullWhen(true)] out PrometheusErrorEnvelope? error)
    {
        ArgumentNullException.ThrowIfNull(exception);
        error = null;
        if (string.IsNullOrWhiteSpace(exception.Content))
        {
            return false;
        }

        try
        {
            error = JsonSerializer.Deserialize(exception.Content, PrometheusJsonContext.Default.PrometheusErrorEnvelope);
        }
        catch (JsonException)
        {
            return false;
        }

        if (error is not { Status: "error", ErrorType: not null })
        {
            error = null;
            return false;
        }

        return true;
    }
}
