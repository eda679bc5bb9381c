using System.Reflection;

namespace HmsOps.Console.Hosting;

/// <summary>
/// Where the console finds appsettings.json, wwwroot/, rules/, runbooks/ and dashboards/: beside the
/// binaries when published, otherwise in the repository root the build recorded (so dotnet run uses
/// the real top-level files and an edit takes effect without a copy that drifts).
/// </summary>
public sealed record ConsolePaths(string ContentRoot, string WebRoot, bool IsPublished)
{
    public static ConsolePaths Resolve()
    {
        var baseDirectory = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(baseDirectory, "appsettings.json")))
        {
            return new ConsolePaths(baseDirectory, Path.Combine(baseDirectory, "wwwroot"), IsPublished: true);
        }
        var repositoryRoot = typeof(ConsolePaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HmsOpsRepoRoot")?.Value
            ?? throw new InvalidOperationException("the build did not record the repository root");
        return new ConsolePaths(repositoryRoot, Path.Combine(repositoryRoot, "wwwroot"), IsPublished: false);
    }
}
