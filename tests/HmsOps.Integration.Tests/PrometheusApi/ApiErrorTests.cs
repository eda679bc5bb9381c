using System.Net;
using System.Text.Json;

namespace HmsOps.Integration.Tests.PrometheusApi;

/// <summary>
/// Bad parameters get the same status, errorType and error text from the console as from a real Prometheus, by GET and
/// by form POST, each naming the parameter.
/// </summary>
[Collection(FederatedPairCollection.Name)]
public sealed class ApiErrorTests(FederatedPairFixture pair)
{
    public static TheoryData<string, string, string> BadRequests => new()
    {
        { "/api/v1/query_range", "query=up&start=x&end=10&step=1", "\"start\"" },
        { "/api/v1/query_range", "query=up&end=10&step=1", "\"start\"" },
        { "/api/v1/query_range", "query=up&start=1&end=later&step=1", "\"end\"" },
        { "/api/v1/query_range", "query=up&start=10&end=5&step=1", "end timestamp" },
        { "/api/v1/query_range", "query=up&start=1&end=5&step=fast", "\"step\"" },
        { "/api/v1/query_range", "query=up&start=1&end=5&step=0", "step widths" },
        { "/api/v1/query_range", "query=up&start=0&end=11001&step=1", "11,000 points" },
        { "/api/v1/query_range", "query=up&start=1&end=5&step=1&timeout=soon", "\"timeout\"" },
        { "/api/v1/query", "query=up&time=yesterday", "\"time\"" },
        { "/api/v1/query", "query=up&timeout=soon", "\"timeout\"" },
        { "/api/v1/series", "start=1", "match[]" },
        { "/api/v1/series", "match[]=up&start=x", "\"start\"" },
        { "/api/v1/labels", "end=x", "\"end\"" },
        { "/api/v1/label/bad-name/values", "", "bad-name" },
        { "/api/v1/metadata", "limit=many", "limit" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_parameters_are_refused_as_prometheus_refuses_them(string path, string parameters, string named)
    {
        var prometheus = await GetAsync(pair.PrometheusHttp, path, parameters);
        var console = await GetAsync(pair.ConsoleHttp, path, parameters);
        var consolePost = await PostAsync(pair.ConsoleHttp, path, parameters);

        Assert.Equal(HttpStatusCode.BadRequest, prometheus.Status);
        Assert.Equal(prometheus, console);
        Assert.Equal(console, consolePost);
        Assert.Contains(named, console.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_query_is_bad_data_naming_the_query_parameter()
    {
        var console = await GetAsync(pair.ConsoleHttp, "/api/v1/query", "query=" + Uri.EscapeDataString("sum(up"));

        Assert.Equal((HttpStatusCode.BadRequest, "error", "bad_data"), (console.Status, console.Envelope, console.ErrorType));
        Assert.StartsWith("invalid parameter \"query\": ", console.Error, StringComparison.Ordinal);
    }

    private static async Task<Reply> GetAsync(HttpClient client, string path, string parameters) =>
        await ReadAsync(await client.GetAsync(parameters.Length == 0 ? path : $"{path}?{Escape(parameters)}"));

    private static async Task<Reply> PostAsync(HttpClient client, string path, string parameters)
    {
        var pairs = parameters.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1]));
        return await ReadAsync(await client.PostAsync(path, new FormUrlEncodedContent(pairs)));
    }

    private static string Escape(string parameters) =>
        string.Join('&', parameters.Split('&').Select(p => p.Split('=', 2)).Select(p => $"{Uri.EscapeDataString(p[0])}={Uri.EscapeDataString(p[1])}"));

    private static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = json.RootElement;
            return new Reply(response.StatusCode, root.GetProperty("status").GetString()!,
                root.GetProperty("errorType").GetString()!, root.GetProperty("error").GetString()!);
        }
    }

    private sealed record Reply(HttpStatusCode Status, string Envelope, string ErrorType, string Error);
}
