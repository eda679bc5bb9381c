using System.Text.Json;

namespace HmsOps.Console.Hosting;

/// <summary>Writes a JSON body straight to the response (no intermediate DTOs for thousands of spans).</summary>
internal sealed class JsonBodyResult(Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter))
        {
            write(writer);
        }
        await httpContext.Response.BodyWriter.FlushAsync();
    }
}
