using HmsOps.Core.Alerting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Runbooks;

/// <summary>
/// The console's current <see cref="RunbookCatalog"/>: loaded at start and again after a change to the folder
/// (a debounced file watcher, plus a periodic rescan for changes the watcher misses). An edit shows on the
/// Alerts and Runbooks pages without a restart; a file that fails to parse is logged and listed, the others stay.
/// </summary>
public sealed class RunbookLibrary(string folder, RunbookLibraryOptions options, TimeProvider time, ILogger<RunbookLibrary> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly Subscribers _subscribers = new();
    private string _fingerprint = "";
    private FileSystemWatcher? _watcher;

    public string Folder { get; } = folder;

    public RunbookCatalog Catalog { get; private set; } = new([], []);

    public IDisposable Subscribe(Func<Task> onChange) => _subscribers.Add(onChange);

    /// <summary>Reads the folder now when anything in it changed; true when it did (subscribers are told).</summary>
    public bool Reload()
    {
        var fingerprint = Fingerprint();
        if (fingerprint == _fingerprint)
        {
            return false;
        }
        _fingerprint = fingerprint;
        Catalog = RunbookCatalog.Load(Folder, options.CatalogOptions);
        foreach (var error in Catalog.Errors)
        {
            logger.LogWarning("Runbook problem: {Error}", error);
        }
        _subscribers.Notify();
        return true;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Loaded before requests are served, and watched from here on so no change after start-up is missed.
        _watcher = StartWatcher();
        Reload();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var rescan = new PeriodicTimer(options.RescanInterval, time);
        var rescanTick = rescan.WaitForNextTickAsync(stoppingToken).AsTask();
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = _changed.WaitAsync(stoppingToken);
            if (await Task.WhenAny(changed, rescanTick).ConfigureAwait(false) == rescanTick)
            {
                if (!await rescanTick.ConfigureAwait(false))
                {
                    return;
                }
                rescanTick = rescan.WaitForNextTickAsync(stoppingToken).AsTask();
            }
            else
            {
                await changed.ConfigureAwait(false);
                await Task.Delay(options.ReloadDebounce, time, stoppingToken).ConfigureAwait(false);
            }
            try
            {
                Reload();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "The runbooks folder {Folder} could not be read; keeping the runbooks loaded before", Folder);
            }
        }
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
        base.Dispose();
    }

    private string Fingerprint()
    {
        if (!Directory.Exists(Folder))
        {
            return "missing";
        }
        return string.Join('|', Directory.EnumerateFiles(Folder, "*.md", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(p => new FileInfo(p))
            .Select(f => $"{f.FullName}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
    }

    private FileSystemWatcher? StartWatcher()
    {
        if (!Directory.Exists(Folder))
        {
            return null;
        }
        try
        {
            var watcher = new FileSystemWatcher(Folder, "*.md")
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += (_, _) => Signal();
            watcher.Created += (_, _) => Signal();
            watcher.Deleted += (_, _) => Signal();
            watcher.Renamed += (_, _) => Signal();
            watcher.Error += (_, _) => Signal();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            logger.LogWarning(ex, "Cannot watch {Folder}; runbook changes are picked up by the periodic rescan", Folder);
            return null;
        }
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A reload is already pending.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }
}
