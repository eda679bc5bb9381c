using System.Net;
using System.Text.Json;
using HmsOps.Integration.Tests.Infrastructure;

namespace HmsOps.Integration.Tests.Incidents;

/// <summary>Small helpers for the incident API tests: JSON bodies and problem answers.</summary>
internal static class IncidentHttp
{
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await JsonAsync(response);
    }

    public static async Task<string> FieldAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await Problem.ReadAsync(response);
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {problem.Detail}");
        return problem.Errors[0].Field;
    }

    public static IReadOnlyList<JsonElement> Timeline(JsonElement detail) => detail.GetProperty("timeline").EnumerateArray().ToList();

    public static IReadOnlyList<JsonElement> IncidentList(JsonElement list) => list.GetProperty("incidents").EnumerateArray().ToList();
}
