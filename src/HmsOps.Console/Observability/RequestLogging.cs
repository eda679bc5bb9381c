using System.Diagnostics;

namespace HmsOps.Console.Observability;

/// <summary>
/// One JSON log line per API request (method, path, status, duration), written inside the request's
/// activity so it carries the TraceId. Static files and the Blazor circuit are left out: they are noise.
/// </summary>
public sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    private static readonly string[] Quiet = ["/_blazor", "/_framework", "/_content", "/lib/", "/css/", "/js/", "/favicon"];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (IsQuiet(path))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Completed(logger, context.Request.Method, path, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>Static files and the Blazor circuit: not logged, here or by the trace link.</summary>
    public static bool IsQuiet(string path) => Quiet.Any(prefix => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void Completed(ILogger logger, string method, string path, int statusCode, double elapsedMs);
}
