using System.Net;
using System.Text.Json;
using HmsOps.Core.Deployments;
using k8s.Autorest;

namespace HmsOps.Kubernetes;

/// <summary>
/// Runs one API call with <c>Deployments:Kubernetes:RequestTimeout</c> and turns the API server's refusals into typed
/// outcomes: 401/403 Forbidden, 404 NotFound, 409 Conflict, no answer in time Timeout, the rest Failed with the
/// server's own message (a Kubernetes Status object says why).
/// </summary>
internal sealed class KubernetesCalls(TimeSpan requestTimeout, TimeProvider time)
{
    public async Task<DeploymentResult<T>> RunAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(requestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            return DeploymentResult<T>.Ok(await call(linked.Token).ConfigureAwait(false));
        }
        catch (HttpOperationException ex)
        {
            return Refused(what, ex.Response.StatusCode, ex.Response.Content);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Our own deadline or HttpClient's: either way the server did not answer in time.
            return DeploymentError.Timeout($"{what}: the Kubernetes API server did not answer within {requestTimeout}");
        }
        catch (HttpRequestException ex)
        {
            return DeploymentError.Failed($"{what}: the Kubernetes API server is unreachable ({ex.Message})");
        }
    }

    public static DeploymentError Refused(string what, HttpStatusCode status, string? body)
    {
        var message = StatusMessage(body) ?? status.ToString();
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => DeploymentError.Forbidden($"{what}: refused by the cluster: {message}"),
            HttpStatusCode.NotFound => DeploymentError.NotFound($"{what}: not found: {message}"),
            HttpStatusCode.Conflict => DeploymentError.Conflict($"{what}: changed by someone else meanwhile: {message}"),
            _ => DeploymentError.Failed($"{what}: {(int)status} {message}"),
        };
    }

    private static string? StatusMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message)
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }
}
