namespace HmsOps.Core.Logs;

/// <summary>Reads logs from the hot store, falling back to the archive for ranges older than the hot window.</summary>
public interface ILogReader
{
    Task<LogPage> QueryAsync(LogQuery query, CancellationToken cancellationToken);

    /// <summary>Called after new logs are stored (live tail).</summary>
    IDisposable SubscribeNewLogs(Func<Task> onNewLogs);
}
