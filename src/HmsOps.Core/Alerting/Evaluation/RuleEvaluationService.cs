using HmsOps.Core.Alerting.Rules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Alerting.Evaluation;

/// <summary>
/// Loads the rules folder at start, reloads it when it changes (file-system notifications, debounced, plus a periodic
/// rescan for file systems that lose them) and evaluates each group when it is due. Loads and evaluations run on this
/// one loop, so a reload never races an evaluation.
/// </summary>
public sealed class RuleEvaluationService(
    RuleEvaluator evaluator, string folder, AlertingRulesOptions rulesOptions, RuleEvaluationOptions options,
    TimeProvider time, ILogger<RuleEvaluationService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0);
    private FileSystemWatcher? _watcher;
    private string? _folderStamp;

    public string Folder { get; } = folder;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Watched before the first load, so no change made during start-up is missed.
        _watcher = StartWatcher();
        Reload();
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var rescan = new PeriodicTimer(options.RulesRescanInterval, time);
        var rescanTick = rescan.WaitForNextTickAsync(stoppingToken).AsTask();
        var changed = _changed.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? next;
            try
            {
                next = evaluator.EvaluateDue(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bug in one evaluation must not stop alerting for good; the next interval tries again.
                logger.LogError(ex, "Rule evaluation failed");
                next = time.GetUtcNow() + options.EvaluationInterval;
            }
            using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var due = next is { } at ? Task.Delay(Max(at - time.GetUtcNow(), TimeSpan.Zero), time, delayCancel.Token) : Task.Delay(Timeout.Infinite, delayCancel.Token);
            var woke = await Task.WhenAny(changed, rescanTick, due).ConfigureAwait(false);
            await delayCancel.CancelAsync().ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            if (woke == changed)
            {
                // Debounce: wait out the burst of events one save makes.
                await Task.Delay(options.RulesReloadDebounce, time, stoppingToken).ConfigureAwait(false);
                while (_changed.CurrentCount > 0)
                {
                    await _changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
                changed = _changed.WaitAsync(stoppingToken);
                Reload(force: true);
            }
            else if (woke == rescanTick)
            {
                if (!await rescanTick.ConfigureAwait(false))
                {
                    return;
                }
                rescanTick = rescan.WaitForNextTickAsync(stoppingToken).AsTask();
                Reload();
            }
        }
    }

    /// <summary>Loads the folder; without <paramref name="force"/> only when a file's name, size or write time changed.</summary>
    private void Reload(bool force = false)
    {
        try
        {
            var stamp = FolderStamp();
            if (!force && stamp == _folderStamp)
            {
                return;
            }
            _folderStamp = stamp;
            evaluator.Load(RuleDirectoryLoader.Load(Folder, rulesOptions));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "The rules folder {Folder} could not be read; keeping the rules loaded before", Folder);
        }
    }

    private string FolderStamp() =>
        !Directory.Exists(Folder) ? "" : string.Join("\n", new DirectoryInfo(Folder).EnumerateFiles()
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => $"{f.Name}|{f.Length}|{f.LastWriteTimeUtc.Ticks}"));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private FileSystemWatcher? StartWatcher()
    {
        if (!Directory.Exists(Folder))
        {
            logger.LogWarning("The rules folder {Folder} does not exist; no rules are evaluated until it does (rescanned every {Interval})",
                Folder, options.RulesRescanInterval);
            return null;
        }
        try
        {
            var watcher = new FileSystemWatcher(Folder) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
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
            logger.LogWarning(ex, "Cannot watch {Folder}; rule changes are picked up by the periodic rescan", Folder);
            return null;
        }
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (ObjectDisposedException)
        {
            // Stopping: nothing left to reload.
        }
    }
}
