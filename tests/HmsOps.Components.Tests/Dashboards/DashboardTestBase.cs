using HmsOps.Core.Dashboards;
using HmsOps.Core.Metrics.Sources;
using HmsOps.Core.Radar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HmsOps.Components.Tests.Dashboards;

/// <summary>A dashboards folder, its catalog, and fake metrics behind the dashboard pages.</summary>
public abstract class DashboardTestBase : MudComponentTest, IDisposable
{
    protected DashboardTestBase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "hmsops-dash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Options = new DashboardOptions();
        Catalog = new DashboardCatalog(Folder, Options, Time, NullLogger<DashboardCatalog>.Instance);
        Ctx.Services.AddSingleton(Catalog);
        Ctx.Services.AddSingleton(Options);
        Ctx.Services.AddSingleton<IMetricsSource>(Source);
        Ctx.Services.AddSingleton<ILiveQueryScheduler>(Scheduler);
        Ctx.Services.AddSingleton(RadarOptions);
        Ctx.Services.AddSingleton(Live);
    }

    protected string Folder { get; }

    protected DashboardOptions Options { get; }

    protected DashboardCatalog Catalog { get; }

    protected FakeMetricsSource Source { get; } = new();

    protected FakeLiveQueryScheduler Scheduler { get; } = new();

    protected RadarOptions RadarOptions { get; } = new();

    protected LiveOptions Live { get; } = new();

    protected static string RepositoryFile(string relative)
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "HmsOps.Console.sln")))
        {
            directory = Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("repository root not found");
        }
        return Path.Combine(directory, relative);
    }

    protected void AddDashboard(string sourcePath, string? name = null)
    {
        File.Copy(sourcePath, Path.Combine(Folder, name ?? Path.GetFileName(sourcePath)));
        Catalog.Reload();
    }

    protected void WriteDashboard(string name, string json)
    {
        File.WriteAllText(Path.Combine(Folder, name), json);
        Catalog.Reload();
    }

    public void Dispose()
    {
        Catalog.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
