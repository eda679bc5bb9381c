using System.Text.Json;

namespace HmsOps.Console.Hosting;

/// <summary>The optional JSON body of the change and incident actions (a reason, a note, a request).</summary>
internal static class JsonRequestBody
{
    /// <summary>
    /// (null, null) when there is no JSON body (the actions whose body is optional go on without one); the problem
    /// from <paramref name="invalid"/>, naming the JSON path, when the body does not parse into <typeparamref name="T"/>.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, Func<string, string, IResult> invalid)
        where T : class
    {
        if (context.Request.ContentLength == 0 || !context.Request.HasJsonContentType())
        {
            return (null, null);
        }
        try
        {
            return (await context.Request.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, context.RequestAborted), null);
        }
        catch (JsonException ex)
        {
            return (null, invalid(ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body", "not valid JSON for this request: " + ex.Message));
        }
    }
}
