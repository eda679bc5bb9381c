using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Dashboards;

/// <summary>One file of the dashboards folder: its dashboard, or why it could not be read.</summary>
public sealed record DashboardFile(string FileName, Dashboard? Dashboard, string? Error);

/// <summary>
/// Every <c>*.json</c> in the dashboards folder, read at start and again after a change: a file watcher
/// (debounced, so an editor's several writes load once) and a periodic rescan for changes the watcher misses.
/// A file that cannot be read is listed with its error and never stops the others; a uid used twice keeps the
/// first file (name order) and lists the later one with the clash.
/// </summary>
public sealed class DashboardCatalog(string folder, DashboardOptions options, TimeProvider time, ILogger<DashboardCatalog> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly Lock _gate = new();
    private Func<Task>[] _subscribers = [];
    private string _fingerprint = "";
    private FileSystemWatcher? _watcher;

    public string Folder { get; } = folder;

    public IReadOnlyList<DashboardFile> Files { get; private set; } = [];

    public Dashboard? Find(string uid) =>
        Files.FirstOrDefault(f => f.Dashboard is not null && string.Equals(f.Dashboard.Uid, uid, StringComparison.Ordinal))?.Dashboard;

    public IDisposable Subscribe(Func<Task> onChange)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onChange];
        }
        return new Unsubscriber(() =>
        {
            lock (_gate)
            {
                _subscribers = _subscribers.Where(s => s != onChange).ToArray();
            }
        });
    }

    /// <summary>Reads the folder now; returns true when anything changed (and tells subscribers).</summary>
    public bool Reload()
    {
        var (files, fingerprint) = Read();
        if (fingerprint == _fingerprint)
        {
            return false;
        }
        _fingerprint = fingerprint;
        Files = files;
        foreach (var file in files.Where(f => f.Error is not null))
        {
            logger.LogWarning("Dashboard file {File} was not loaded: {Error}", file.FileName, file.Error);
        }
        foreach (var subscriber in _subscribers)
        {
            _ = NotifyAsync(subscriber);
        }
        return true;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Loaded before the host serves requests, so the first page view sees every dashboard; watched from
        // here on (not from ExecuteAsync, which runs later), so no change after start-up is missed.
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
            var woke = await Task.WhenAny(changed, rescanTick).ConfigureAwait(false);
            if (woke == rescanTick)
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
                // Debounce: wait out the burst of events one save makes.
                await Task.Delay(options.ReloadDebounce, time, stoppingToken).ConfigureAwait(false);
                while (_changed.CurrentCount > 0)
                {
                    await _changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            try
            {
                Reload();
            }
            catch (IOException ex)
            {
                logger.LogWarning(ex, "The dashboards folder {Folder} could not be read; keeping the dashboards loaded before", Folder);
            }
        }
    }

    private FileSystemWatcher? StartWatcher()
    {
        if (!Directory.Exists(Folder))
        {
            return null;
        }
        try
        {
            var watcher = new FileSystemWatcher(Folder, "*.json") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            FileSystemEventHandler signal = (_, _) => Signal();
            watcher.Changed += signal;
            watcher.Created += signal;
            watcher.Deleted += signal;
            watcher.Renamed += (_, _) => Signal();
            watcher.Error += (_, _) => Signal();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            logger.LogWarning(ex, "Cannot watch {Folder}; dashboard changes are picked up by the periodic rescan", Folder);
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
    }

    private (List<DashboardFile> Files, string Fingerprint) Read()
    {
        if (!Directory.Exists(Folder))
        {
            return ([], "missing");
        }
        var paths = Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal).ToArray();
        var fingerprint = string.Join('|', paths.Select(p => new FileInfo(p)).Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
        if (fingerprint == _fingerprint)
        {
            return ([], fingerprint);
        }
        var files = new List<DashboardFile>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, index) in paths.Select((p, i) => (p, i)))
        {
            var name = Path.GetFileName(path);
            if (index >= options.MaxFiles)
            {
                files.Add(new DashboardFile(name, null, $"not read: more than Dashboards:MaxFiles ({options.MaxFiles}) files"));
                continue;
            }
            var file = ReadFile(path, name);
            if (file.Dashboard is { } dashboard && !owners.TryAdd(dashboard.Uid, name))
            {
                file = new DashboardFile(name, null, $"$.uid: '{dashboard.Uid}' is already used by {owners[dashboard.Uid]}");
            }
            files.Add(file);
        }
        return (files, fingerprint);
    }

    private DashboardFile ReadFile(string path, string name)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > options.MaxFileBytes)
            {
                return new DashboardFile(name, null, $"$: the file is {length} bytes, over Dashboards:MaxFileBytes ({options.MaxFileBytes})");
            }
            return new DashboardFile(name, DashboardParser.Parse(File.ReadAllText(path), name), null);
        }
        catch (DashboardFormatException ex)
        {
            return new DashboardFile(name, null, ex.Message);
        }
        catch (IOException ex)
        {
            return new DashboardFile(name, null, "$: cannot be read: " + ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            return new DashboardFile(name, null, "$: cannot be read: " + ex.Message);
        }
    }

    private async Task NotifyAsync(Func<Task> subscriber)
    {
        try
        {
            await subscriber().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A dashboards subscriber failed");
        }
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
        base.Dispose();
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
