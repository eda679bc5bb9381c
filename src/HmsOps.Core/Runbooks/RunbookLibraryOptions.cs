namespace HmsOps.Core.Runbooks;

/// <summary>The console's runbooks folder and how it is watched: section <c>Runbooks</c>.</summary>
public sealed class RunbookLibraryOptions
{
    /// <summary>The folder of <c>*.md</c> runbooks, relative to the content root (the repository root under dotnet run).</summary>
    public string Directory { get; set; } = "runbooks";

    /// <summary>After a file change, wait this long for the editor's other writes before reloading once.</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A full rescan this often catches changes the file watcher misses (network folders, containers).</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many files are loaded (the rest are reported).</summary>
    public int MaxFiles { get; set; } = new RunbookCatalogOptions().MaxFiles;

    /// <summary>A larger file is reported and left out.</summary>
    public long MaxFileBytes { get; set; } = new RunbookCatalogOptions().MaxFileBytes;

    public RunbookCatalogOptions CatalogOptions => new() { MaxFiles = MaxFiles, MaxFileBytes = MaxFileBytes };
}
