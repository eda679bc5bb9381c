using System.CommandLine;

namespace HmsOps.Cli.Commands;

/// <summary>Where the console is and how to authenticate; options win over HMSOPS_URL / HMSOPS_API_KEY / HMSOPS_TOKEN.</summary>
public static class GlobalOptions
{
    public static readonly Option<string> Url = new("--url")
    {
        Description = "The console's base URL (or HMSOPS_URL)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HMSOPS_URL") ?? "http://127.0.0.1:5080",
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "An ingest API key from Ingest:ApiKeys (or HMSOPS_API_KEY)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HMSOPS_API_KEY"),
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "A personal access token (hmsops_pat_…) made on the console's /account/tokens page (or HMSOPS_TOKEN)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HMSOPS_TOKEN"),
    };

    public static ConsoleApi Api(ParseResult result) =>
        new(ParseUrl(result.GetValue(Url)!), result.GetValue(ApiKey), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error,
            result.GetValue(Token));

    static GlobalOptions()
    {
        Url.Validators.Add(option =>
        {
            var text = option.GetValueOrDefault<string>();
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                option.AddError($"--url must be an absolute http(s) URL, not '{text}'");
            }
        });
    }

    private static Uri ParseUrl(string text) => new(text);
}
