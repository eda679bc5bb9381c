namespace HmsOps.Console.Hosting;

/// <summary>RFC 9457 problem details with the console's extensions (<c>errors</c>: index, field, reason).</summary>
public static class Problems
{
    public static IResult Create(int status, string title, string detail, IEnumerable<object>? errors = null,
        IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>());
        if (errors is not null)
        {
            all["errors"] = errors.ToArray();
        }
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: all);
    }

    public static object FieldError(int? index, string field, string reason) => new { index, field, reason };
}
