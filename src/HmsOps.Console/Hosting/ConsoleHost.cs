using System.Net.Sockets;
using HmsOps.Console.Alerting;
using HmsOps.Console.Changes;
using HmsOps.Console.Components;
using HmsOps.Console.Demo;
using HmsOps.Console.Incidents;
using HmsOps.Console.Ingest;
using HmsOps.Console.Live;
using HmsOps.Console.Logs;
using HmsOps.Console.Otlp;
using HmsOps.Console.Observability;
using HmsOps.Console.Propagation;
using HmsOps.Console.PrometheusApi;
using HmsOps.Console.Security;
using HmsOps.Console.Traces;
using HmsOps.Core.Storage;
using Microsoft.Extensions.Options;
using Prometheus;

namespace HmsOps.Console.Hosting;

/// <summary>Builds and runs the console; a failure to start is one clear line on stderr and exit code 2.</summary>
public static class ConsoleHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var paths = ConsolePaths.Resolve();
        WebApplication app;
        try
        {
            app = Build(args, paths);
            // Open the stores now, so a bad data path fails here with its own message.
            _ = app.Services.GetRequiredService<EmbeddedStore>();
            _ = app.Services.GetRequiredService<HmsOps.Core.Audit.SqliteAuditLog>();
            _ = app.Services.GetRequiredService<HmsOps.Core.Security.PersonalTokenStore>();
            await app.StartAsync();
        }
        catch (Exception ex) when (Describe(ex) is { } reason)
        {
            await System.Console.Error.WriteLineAsync($"hms-ops console: cannot start: {reason}");
            return 2;
        }
        await app.WaitForShutdownAsync();
        await app.Services.GetRequiredService<EmbeddedStore>().DisposeAsync();
        return 0;
    }

    public static WebApplication Build(string[] args, ConsolePaths paths)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = paths.ContentRoot,
            WebRootPath = paths.WebRoot,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.AddHmsOps(paths);
        builder.AddConsoleAuth(paths);
        builder.AddSelfTracing();
        builder.Services.AddSingleton<ApiKeyCheck>();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();

        var app = builder.Build();
        // Validate every options section before anything resolves the store (which reads some of them),
        // so one message lists every configuration error, not just the first section's.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseTraceContext();
        app.UseMiddleware<RequestLogging>();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // The console's own wwwroot (the repository's top-level one) is served before routing, so the
        // static-asset endpoints (MudBlazor's _content/, _framework/) never see these files.
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.UseHttpMetrics();

        app.MapHealth();
        var auth = app.Services.GetRequiredService<AuthOptions>();
        app.MapMetrics("/metrics").AllowAnonymousWhen(auth.OpenMetrics);
        app.MapIngest();
        app.MapOtlp();
        app.MapPrometheusApi();
        app.MapTraceApi();
        app.MapLogApi();
        app.MapRulesApi();
        app.MapDemo();
        app.MapLiveQueries().AllowAnonymousWhen(auth.OpenPrometheusApi);
        app.MapLogin();
        app.MapTokens();
        app.MapChangeApi();
        app.MapIncidentApi();
        app.MapEndpointListing();
        app.MapExternalAlerts();
        // The login page needs its stylesheet and scripts before anyone has signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        ConsoleMetrics.Register(app.Services);
        return app;
    }

    /// <summary>The one-line reason for a start-up failure we can explain; null for anything unexpected.</summary>
    private static string? Describe(Exception ex) => ex switch
    {
        OptionsValidationException options => "invalid configuration: " + string.Join("; ", options.Failures),
        AggregateException { InnerExceptions: var all } when all.Count > 1 && all.All(e => e is OptionsValidationException) =>
            "invalid configuration: " + string.Join("; ", all.Cast<OptionsValidationException>().SelectMany(e => e.Failures)),
        StoreOpenException store => store.Message,
        IOException io when io.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
            || io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
            $"the listen address is already in use ({ex.Message}); stop the other process or set Urls / --urls",
        SocketException { SocketErrorCode: SocketError.AccessDenied } => $"not allowed to listen: {ex.Message}",
        InvalidOperationException { InnerException: { } inner } when Describe(inner) is { } nested => nested,
        AggregateException { InnerException: { } inner } when Describe(inner) is { } nested => nested,
        _ => null,
    };
}
