using HmsOps.Core.Metrics.Api;
using Microsoft.Extensions.Primitives;

namespace HmsOps.Console.PrometheusApi;

/// <summary>Query string and, for a form POST, the body, merged as Go's <c>r.Form</c>: body values first.</summary>
internal sealed class FormParameters(IFormCollection? form, IQueryCollection query) : IApiParameters
{
    public static async Task<IApiParameters> ReadAsync(HttpRequest request)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;
        return new FormParameters(form, request.Query);
    }

    public string? Get(string name)
    {
        var all = Values(name);
        return all.Count > 0 ? all[0] : null;
    }

    public IReadOnlyList<string> GetAll(string name) => Values(name).Where(v => v is not null).ToArray()!;

    private StringValues Values(string name)
    {
        var fromBody = form is not null && form.TryGetValue(name, out var body) ? body : StringValues.Empty;
        return query.TryGetValue(name, out var fromQuery) ? StringValues.Concat(fromBody, fromQuery) : fromBody;
    }
}
