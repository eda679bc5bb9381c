using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace HmsOps.Cli;

/// <summary>Calls the console's HTTP API and turns each answer into a line for people and an exit code for scripts.</summary>
public sealed class ConsoleApi(Uri baseUrl, string? apiKey, TextWriter output, TextWriter error, string? token = null) : IDisposable
{
    private readonly HttpClient _http = Create(baseUrl, apiKey, token);

    public async Task<int> SendAsync(HttpMethod method, string path, HttpContent? content, Func<string, string> describeSuccess, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await TrySendAsync(request, ct);
        if (response is null)
        {
            return ExitCodes.Unreachable;
        }
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            await output.WriteLineAsync(describeSuccess(body));
            return ExitCodes.Ok;
        }
        await error.WriteLineAsync(DescribeProblem(response, body));
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Unauthorized,
            HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable => ExitCodes.Busy,
            _ => ExitCodes.Refused,
        };
    }

    /// <summary>
    /// For the change commands: the body on success (exit 0), else the refusal printed and its own exit code
    /// (<see cref="ExitCodes.ForChange"/>); POSTs carry a fresh Idempotency-Key so a retried call cannot act twice.
    /// </summary>
    public async Task<(int Exit, string? Body)> CallAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        if (method == HttpMethod.Post)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }
        using var response = await TrySendAsync(request, ct);
        if (response is null)
        {
            return (ExitCodes.Unreachable, null);
        }
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            return (ExitCodes.Ok, text);
        }
        await error.WriteLineAsync(DescribeProblem(response, text));
        return (ExitCodes.ForChange((int)response.StatusCode), null);
    }

    /// <summary>The console's answer, or null once the reason it gave none (unreachable, too slow) is printed.</summary>
    private async Task<HttpResponseMessage?> TrySendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"cannot reach the console at {baseUrl}: {ex.Message}");
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            await error.WriteLineAsync($"the console at {baseUrl} did not answer in time");
            return null;
        }
    }

    public TextWriter Output => output;

    public TextWriter Error => error;

    public static StringContent Json(object value) =>
        new(JsonSerializer.Serialize(value, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");

    /// <summary>The problem's title and detail, then one line per field error.</summary>
    public static string DescribeProblem(HttpResponseMessage response, string body)
    {
        var builder = new StringBuilder($"{(int)response.StatusCode} {response.ReasonPhrase}");
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.TryGetProperty("title", out var title))
            {
                builder.Append(": ").Append(title.GetString());
            }
            if (root.TryGetProperty("detail", out var detail))
            {
                builder.AppendLine().Append("  ").Append(detail.GetString());
            }
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in errors.EnumerateArray().Skip(1))
                {
                    var index = item.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number ? $"item {i.GetInt32()}, " : "";
                    builder.AppendLine().Append($"  {index}field '{item.GetProperty("field").GetString()}': {item.GetProperty("reason").GetString()}");
                }
            }
        }
        catch (JsonException)
        {
            if (body.Length > 0)
            {
                builder.AppendLine().Append("  ").Append(body.Length > 500 ? body[..500] : body);
            }
        }
        if (response.Headers.RetryAfter?.Delta is { } retry)
        {
            builder.AppendLine().Append($"  retry after {retry.TotalSeconds:0} s");
        }
        return builder.ToString();
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Create(Uri baseUrl, string? apiKey, string? token)
    {
        var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(apiKey))
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        if (!string.IsNullOrEmpty(token))
        {
            // Signs the call in as the token's owner; ingest endpoints still read only the API key header.
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }
}
