using Microsoft.Extensions.Options;

namespace HmsOps.Console.Observability;

/// <summary>The console's traces of itself, exported over OTLP to its own <c>/v1/traces</c>. Section <c>Telemetry</c>.</summary>
public sealed class SelfTraceOptions
{
    public const string Section = "Telemetry";

    /// <summary>Off by default: tracing every request costs a little on each one.</summary>
    public bool SelfTrace { get; set; }

    /// <summary>The key the exporter sends; defaults to the first of Ingest:ApiKeys.</summary>
    public string? SelfTraceApiKey { get; set; }

    /// <summary>Where spans go; defaults to the first of <c>Urls</c> (wildcard hosts as 127.0.0.1) plus <c>/v1/traces</c>.</summary>
    public string? SelfTraceEndpoint { get; set; }

    /// <summary>Spans waiting for export; past it new spans are dropped (the exporter's bounded queue).</summary>
    public int SelfTraceMaxQueuedSpans { get; set; } = 2048;

    /// <summary>The key actually used: <see cref="SelfTraceApiKey"/> or Ingest:ApiKeys:0; null when there is none.</summary>
    public static string? ApiKey(SelfTraceOptions options, IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(options.SelfTraceApiKey) ? options.SelfTraceApiKey
        : configuration["Ingest:ApiKeys:0"] is { Length: > 0 } key && !string.IsNullOrWhiteSpace(key) ? key
        : null;

    /// <summary>The export URL actually used; null when neither the option nor <c>Urls</c> gives one.</summary>
    public static Uri? Endpoint(SelfTraceOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.SelfTraceEndpoint))
        {
            return Uri.TryCreate(options.SelfTraceEndpoint, UriKind.Absolute, out var given) && given.Scheme is "http" or "https" ? given : null;
        }
        var first = (configuration["Urls"] ?? configuration["ASPNETCORE_URLS"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return null;
        }
        // A listen address may name every interface; the console reaches itself on loopback.
        var local = System.Text.RegularExpressions.Regex.Replace(first, @"//(\*|\+|0\.0\.0\.0|\[::\])(?=[:/]|$)", "//127.0.0.1");
        return Uri.TryCreate(local.TrimEnd('/') + "/v1/traces", UriKind.Absolute, out var derived) ? derived : null;
    }
}

public sealed class SelfTraceOptionsValidator(IConfiguration configuration) : IValidateOptions<SelfTraceOptions>
{
    public ValidateOptionsResult Validate(string? name, SelfTraceOptions options)
    {
        if (!options.SelfTrace)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        if (SelfTraceOptions.ApiKey(options, configuration) is null)
        {
            errors.Add("Telemetry:SelfTrace needs an API key: set Telemetry:SelfTraceApiKey or Ingest:ApiKeys:0");
        }
        if (SelfTraceOptions.Endpoint(options, configuration) is null)
        {
            errors.Add("Telemetry:SelfTraceEndpoint must be an absolute http(s) URL (or set Urls so it can be derived)");
        }
        if (options.SelfTraceMaxQueuedSpans < 1)
        {
            errors.Add("Telemetry:SelfTraceMaxQueuedSpans must be at least 1");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
