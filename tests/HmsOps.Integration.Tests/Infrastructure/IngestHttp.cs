using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace HmsOps.Integration.Tests.Infrastructure;

/// <summary>Sends ingest requests and reads the console's answers.</summary>
public static class IngestHttp
{
    public const string Json = "application/json";
    public const string NdJson = "application/x-ndjson";

    /// <summary>POST /ingest with the body as given; <paramref name="contentType"/> null sends no Content-Type at all.</summary>
    public static Task<HttpResponseMessage> PostIngestAsync(this HttpClient client, string body, string? contentType = Json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return client.PostAsync("/ingest", content);
    }

    /// <summary>The <c>accepted</c> count of a 202 answer.</summary>
    public static async Task<int> AcceptedCountAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("accepted").GetInt32();
    }
}
