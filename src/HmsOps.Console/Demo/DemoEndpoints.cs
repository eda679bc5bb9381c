using HmsOps.Console.Hosting;
using HmsOps.Console.Ingest;
using HmsOps.Core.Demo;

namespace HmsOps.Console.Demo;

/// <summary>The fault switch: inject latency or errors into one demo service for a while, or clear it.</summary>
public static class DemoEndpoints
{
    public static void MapDemo(this WebApplication app)
    {
        // Until sign-in exists (part 5/6), the ingest API key guards the switch.
        // Guarded by the ingest API key (scripts and the CLI inject faults), not sign-in.
        var group = app.MapGroup("/api/demo/faults").DisableAntiforgery().AllowAnonymous();

        group.MapGet("", (HttpRequest request, ApiKeyCheck keys, FaultSwitch faults) =>
            keys.IsAuthorized(request) ? Results.Ok(faults.Active()) : ApiKeyCheck.Problem());

        group.MapPost("", async (HttpRequest request, ApiKeyCheck keys, FaultSwitch faults) =>
        {
            if (!keys.IsAuthorized(request))
            {
                return ApiKeyCheck.Problem();
            }
            FaultRequest? fault;
            try
            {
                fault = await request.ReadFromJsonAsync<FaultRequest>();
            }
            catch (System.Text.Json.JsonException ex)
            {
                return Problems.Create(400, "Invalid fault", $"the body is not a valid fault: {ex.Message}",
                    [Problems.FieldError(null, ex.Path ?? "body", "invalid JSON or wrong type")]);
            }
            catch (InvalidOperationException)
            {
                return Problems.Create(415, "Unsupported content type", "send the fault as application/json",
                    [Problems.FieldError(null, "Content-Type", "must be application/json")]);
            }
            if (fault is null)
            {
                return Problems.Create(400, "Invalid fault", "the body is empty", [Problems.FieldError(null, "body", "is required")]);
            }
            var errors = faults.Validate(fault);
            if (errors.Count > 0)
            {
                return Problems.Create(400, "Invalid fault", string.Join("; ", errors.Select(e => $"{e.Field} {e.Reason}")),
                    errors.Select(e => Problems.FieldError(null, e.Field, e.Reason)));
            }
            return Results.Ok(faults.Set(fault));
        });

        group.MapDelete("/{service}", (string service, HttpRequest request, ApiKeyCheck keys, FaultSwitch faults) =>
        {
            if (!keys.IsAuthorized(request))
            {
                return ApiKeyCheck.Problem();
            }
            if (!DemoOptions.Services.Contains(service))
            {
                return Problems.Create(404, "Unknown service", $"'{service}' is not a demo service",
                    [Problems.FieldError(null, "service", $"expected one of {string.Join(", ", DemoOptions.Services)}")]);
            }
            faults.Clear(service);
            return Results.NoContent();
        });
    }
}
