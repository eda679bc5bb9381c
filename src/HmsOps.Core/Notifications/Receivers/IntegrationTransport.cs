using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HmsOps.Core.Notifications.Delivery;

namespace HmsOps.Core.Notifications.Receivers;

/// <summary>
/// Sends deliveries over HTTP (PagerDuty, Slack, webhook) and SMTP (email), reading each integration's URL and
/// secrets from the receivers in force at the attempt, and classifying the answer: 2xx delivered; transport
/// errors, timeouts, 429 and 5xx retried; any other 4xx failed for good (400 being a configuration error).
/// <paramref name="httpClients"/> is the host's IHttpClientFactory named client (Core stays free of its package).
/// Error texts never carry a secret: routing keys, tokens, webhook URLs and passwords are redacted.
/// </summary>
public sealed class IntegrationTransport(
    IReceiverDirectory receivers,
    Func<HttpClient> httpClients,
    SmtpSender smtp,
    OutboxOptions options,
    TimeProvider time) : IDeliveryTransport
{
    /// <summary>The named HttpClient the host supplies: no resilience handler of its own, the worker does the retrying.</summary>
    public const string HttpClientName = "notifications";

    private const int MaxErrorBodyChars = 300;

    public (string BucketKey, int PerMinute)? RateLimitOf(IntegrationRef integration) => integration.Kind switch
    {
        // PagerDuty's limit is per routing key, whichever integrations share it.
        IntegrationKind.PagerDuty => Config(integration, r => r.PagerDutyConfigs) is { } pd
            ? ("pagerduty:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pd.RoutingKey))), pd.MaxEventsPerMinute)
            : null,
        IntegrationKind.Slack => Config(integration, r => r.SlackConfigs) is { } slack ? (integration.Key, slack.MaxEventsPerMinute) : null,
        IntegrationKind.Webhook => Config(integration, r => r.WebhookConfigs) is { } hook ? (integration.Key, hook.MaxEventsPerMinute) : null,
        IntegrationKind.Email => Config(integration, r => r.EmailConfigs) is { } email ? (integration.Key, email.MaxEventsPerMinute) : null,
        _ => null,
    };

    public async Task<DeliveryOutcome> SendAsync(PendingDelivery delivery, CancellationToken cancellationToken)
    {
        var integration = delivery.Integration;
        switch (integration.Kind)
        {
            case IntegrationKind.PagerDuty when Config(integration, r => r.PagerDutyConfigs) is { } pd:
                return await PostAsync(pd.Url, PagerDutyPayload.WithRoutingKey(delivery.Payload, pd.RoutingKey), null,
                    delivery, [pd.RoutingKey], cancellationToken).ConfigureAwait(false);
            case IntegrationKind.Slack when Config(integration, r => r.SlackConfigs) is { } slack:
                return await PostAsync(slack.ApiUrl, delivery.Payload, null, delivery, [slack.ApiUrl], cancellationToken)
                    .ConfigureAwait(false);
            case IntegrationKind.Webhook when Config(integration, r => r.WebhookConfigs) is { } hook:
                return await PostAsync(hook.Url, delivery.Payload, hook.BearerToken, delivery,
                    [hook.BearerToken ?? "", hook.Url], cancellationToken).ConfigureAwait(false);
            case IntegrationKind.Email when Config(integration, r => r.EmailConfigs) is { } email:
                var content = JsonSerializer.Deserialize<EmailContent>(delivery.Payload)
                              ?? throw new InvalidOperationException("stored email payload is empty");
                return await smtp.SendAsync(email, content, delivery.DedupKey, cancellationToken).ConfigureAwait(false);
            default:
                return new DeliveryOutcome.Failed($"integration {integration.Key} is no longer configured", ConfigurationError: true);
        }
    }

    private T? Config<T>(IntegrationRef integration, Func<ReceiverOptions, List<T>> list) where T : class =>
        receivers.Find(integration.Receiver) is { } receiver && integration.Index < list(receiver).Count
            ? list(receiver)[integration.Index]
            : null;

    private async Task<DeliveryOutcome> PostAsync(string url, string body, string? bearer, PendingDelivery delivery,
        string[] secrets, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.AttemptTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        // A fresh connection per attempt: on a reused keep-alive connection that the receiver closes, .NET's handler
        // silently sends the request again, which would be a second page the ledger never counted.
        request.Headers.ConnectionClose = true;
        // Receivers that deduplicate (and anyone reading their logs) see one key per delivery across retries.
        request.Headers.TryAddWithoutValidation("Idempotency-Key", $"{delivery.NotificationId}/{delivery.Integration.Key}");
        if (!string.IsNullOrEmpty(bearer))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        try
        {
            var client = httpClients();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token)
                .ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return new DeliveryOutcome.Delivered();
            }
            var text = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            return Classify(response, Redact(Shorten(text), secrets));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome.Retry($"timed out after {options.AttemptTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new DeliveryOutcome.Retry("transport error: " + Redact(e.Message, secrets));
        }
    }

    private DeliveryOutcome Classify(HttpResponseMessage response, string body)
    {
        var code = (int)response.StatusCode;
        var detail = body.Length > 0 ? $"HTTP {code} {response.ReasonPhrase}: {body}" : $"HTTP {code} {response.ReasonPhrase}";
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return new DeliveryOutcome.Retry(detail, RetryAfterOf(response));
        }
        if (code >= 500)
        {
            return new DeliveryOutcome.Retry(detail);
        }
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            return new DeliveryOutcome.Failed("configuration error (the receiver refused the request): " + detail, ConfigurationError: true);
        }
        return new DeliveryOutcome.Failed(detail, ConfigurationError: false);
    }

    /// <summary>Retry-After as seconds or as an HTTP date.</summary>
    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= MaxErrorBodyChars ? text : text[..MaxErrorBodyChars] + "…";
    }

    internal static string Redact(string text, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets.Where(s => s.Length >= 4))
        {
            text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }
        return text;
    }
}
