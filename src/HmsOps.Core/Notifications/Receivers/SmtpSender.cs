using System.Globalization;
using System.Net.Sockets;
using HmsOps.Core.Notifications.Delivery;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace HmsOps.Core.Notifications.Receivers;

/// <summary>
/// Email over SMTP with MailKit: STARTTLS when <see cref="EmailReceiverOptions.RequireTls"/> (TLS from the first
/// byte on port 465), authentication when a user is configured. 4xx replies and connection errors are retried,
/// 5xx replies and authentication failures are failures (the configuration or the address is wrong).
/// </summary>
public sealed class SmtpSender(OutboxOptions options, TimeProvider time)
{
    public async Task<DeliveryOutcome> SendAsync(EmailReceiverOptions email, EmailContent content, string dedupKey,
        CancellationToken cancellationToken)
    {
        if (!TrySplitHost(email.Smarthost, out var host, out var port))
        {
            return new DeliveryOutcome.Failed($"Smarthost '{email.Smarthost}' is not host:port", ConfigurationError: true);
        }
        var message = Build(email, content, dedupKey);
        using var timeout = new CancellationTokenSource(options.AttemptTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var client = new SmtpClient();
        var secrets = new[] { email.AuthPassword ?? "" };
        try
        {
            var security = port == 465 ? SecureSocketOptions.SslOnConnect
                : email.RequireTls ? SecureSocketOptions.StartTls
                : SecureSocketOptions.None;
            await client.ConnectAsync(host, port, security, linked.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(email.AuthUsername))
            {
                await client.AuthenticateAsync(email.AuthUsername, email.AuthPassword ?? "", linked.Token).ConfigureAwait(false);
            }
            await client.SendAsync(message, linked.Token).ConfigureAwait(false);
            await client.DisconnectAsync(true, linked.Token).ConfigureAwait(false);
            return new DeliveryOutcome.Delivered();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome.Retry($"SMTP timed out after {options.AttemptTimeout.TotalSeconds:0.###} s");
        }
        catch (AuthenticationException e)
        {
            return new DeliveryOutcome.Failed("configuration error: SMTP authentication failed: " + IntegrationTransport.Redact(e.Message, secrets), true);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            return new DeliveryOutcome.Failed($"SMTP {(int)e.StatusCode}: " + IntegrationTransport.Redact(e.Message, secrets), true);
        }
        catch (SmtpCommandException e)
        {
            return new DeliveryOutcome.Retry($"SMTP {(int)e.StatusCode}: " + IntegrationTransport.Redact(e.Message, secrets));
        }
        catch (NotSupportedException e)
        {
            // e.g. STARTTLS required but the server does not offer it.
            return new DeliveryOutcome.Failed("configuration error: " + e.Message, true);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException)
        {
            return new DeliveryOutcome.Retry("SMTP transport error: " + IntegrationTransport.Redact(e.Message, secrets));
        }
    }

    internal static MimeMessage Build(EmailReceiverOptions email, EmailContent content, string dedupKey)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(email.From));
        message.To.AddRange(InternetAddressList.Parse(email.To));
        message.Subject = content.Subject;
        // One thread per alert group in mail clients.
        message.Headers.Add("X-HMS-OPS-Group", dedupKey);
        message.Body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html }.ToMessageBody();
        return message;
    }

    internal static bool TrySplitHost(string smarthost, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = smarthost.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(smarthost.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port)
            || port is < 1 or > 65535)
        {
            return false;
        }
        host = smarthost[..colon].Trim('[', ']');
        return host.Length > 0;
    }
}
