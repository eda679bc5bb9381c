using HmsOps.Core.Runbooks;
using Microsoft.Extensions.Options;

namespace HmsOps.Console.Hosting;

/// <summary>The runbooks folder (<c>Runbooks:Directory</c>, relative to the content root), read and watched by one library.</summary>
public static class RunbookRegistration
{
    public static WebApplicationBuilder AddRunbooks(this WebApplicationBuilder builder)
    {
        ServiceRegistration.Bind<RunbookLibraryOptions, RunbookOptionsValidator>(builder, "Runbooks");
        builder.Services.AddSingleton(sp =>
        {
            var options = ServiceRegistration.Value<RunbookLibraryOptions>(sp);
            return new RunbookLibrary(Path.GetFullPath(options.Directory, sp.GetRequiredService<ConsolePaths>().ContentRoot), options,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RunbookLibrary>>());
        });
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RunbookLibrary>());
        return builder;
    }
}

/// <summary>Checks the <c>Runbooks</c> section, naming each key.</summary>
public sealed class RunbookOptionsValidator : IValidateOptions<RunbookLibraryOptions>
{
    public ValidateOptionsResult Validate(string? name, RunbookLibraryOptions o)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Directory))
        {
            failures.Add("Runbooks:Directory must name a folder (relative to the content root or absolute)");
        }
        if (o.ReloadDebounce < TimeSpan.Zero)
        {
            failures.Add("Runbooks:ReloadDebounce must not be negative");
        }
        if (o.RescanInterval <= TimeSpan.Zero)
        {
            failures.Add("Runbooks:RescanInterval must be more than 0");
        }
        if (o.MaxFiles < 1)
        {
            failures.Add("Runbooks:MaxFiles must be at least 1");
        }
        if (o.MaxFileBytes < 1)
        {
            failures.Add("Runbooks:MaxFileBytes must be at least 1");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
