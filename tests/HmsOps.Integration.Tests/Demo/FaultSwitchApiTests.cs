using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HmsOps.Integration.Tests.Infrastructure;

namespace HmsOps.Integration.Tests.Demo;

/// <summary>POST/GET/DELETE /api/demo/faults: guarded by the API key, validated field by field.</summary>
public sealed class FaultSwitchApiTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private const string Faults = "/api/demo/faults";

    [Fact]
    public async Task Setting_a_fault_without_a_key_is_refused()
    {
        using var client = fixture.Console.CreateClient(withApiKey: false);

        using var response = await client.PostAsJsonAsync(Faults, new { service = "claims-api", errorRate = 0.5 });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("X-Api-Key", Assert.Single((await Problem.ReadAsync(response)).Errors).Field);
    }

    [Fact]
    public async Task An_invalid_fault_is_refused_naming_each_bad_field()
    {
        using var client = fixture.Console.CreateClient();

        using var response = await client.PostAsJsonAsync(Faults, new { service = "billing", errorRate = 2 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await Problem.ReadAsync(response)).Errors.Select(e => e.Field).ToArray();
        Assert.Contains("service", fields);
        Assert.Contains("errorRate", fields);
    }

    [Fact]
    public async Task A_fault_that_is_set_is_listed_until_it_is_cleared()
    {
        using var client = fixture.Console.CreateClient();

        using (var set = await client.PostAsJsonAsync(Faults, new { service = "api-gw", latencyMs = 750, durationSeconds = 600 }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            Assert.Equal("api-gw", (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("service").GetString());
        }
        var listed = await ListAsync(client);
        using (var cleared = await client.DeleteAsync($"{Faults}/api-gw"))
        {
            Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        }
        var afterClear = await ListAsync(client);

        var fault = Assert.Single(listed, f => f.GetProperty("service").GetString() == "api-gw");
        Assert.Equal(750, fault.GetProperty("latencyMs").GetDouble());
        Assert.DoesNotContain(afterClear, f => f.GetProperty("service").GetString() == "api-gw");
    }

    [Fact]
    public async Task A_fault_binds_to_the_version_the_service_runs_unless_another_is_named()
    {
        using var client = fixture.Console.CreateClient();

        using var current = await client.PostAsJsonAsync(Faults, new { service = "ach-svc", latencyMs = 3000 });
        using var canary = await client.PostAsJsonAsync(Faults, new { service = "ach-svc", errorRate = 0.5, version = "v1.9.1" });
        using var unknown = await client.PostAsJsonAsync(Faults, new { service = "ach-svc", latencyMs = 10, version = "v7.0.0" });
        var listed = await ListAsync(client);
        using (await client.DeleteAsync($"{Faults}/ach-svc"))
        {
        }

        Assert.Equal("v1.9.0", (await current.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetString());
        Assert.Equal("v1.9.1", (await canary.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetString());
        Assert.Equal(["v1.9.0", "v1.9.1"], listed.Where(f => f.GetProperty("service").GetString() == "ach-svc").Select(f => f.GetProperty("version").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("version", Assert.Single((await Problem.ReadAsync(unknown)).Errors).Field);
    }

    [Fact]
    public async Task Clearing_an_unknown_service_is_not_found()
    {
        using var client = fixture.Console.CreateClient();

        using var response = await client.DeleteAsync($"{Faults}/billing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("service", Assert.Single((await Problem.ReadAsync(response)).Errors).Field);
    }

    private static async Task<JsonElement[]> ListAsync(HttpClient client)
    {
        using var response = await client.GetAsync(Faults);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
    }
}
