using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.External;
using HmsOps.Core.Metrics;
using HmsOps.Prometheus;

namespace HmsOps.Console.Alerting;

/// <summary>
/// Polls the Prometheus of <c>Metrics:Prometheus</c> for its pending and firing alerts every
/// <c>Alerting:Prometheus:PollInterval</c> (through the same resilient Refit client as the metrics source). Alerts that
/// vanish from the list resolve. When Prometheus cannot be reached the last known alerts stay as they are, the source
/// is marked stale on the <see cref="ExternalSourceBoard"/>, and one warning is logged per outage.
/// </summary>
public sealed partial class PrometheusAlertPoller(
    IPrometheusApi api,
    ExternalAlertIntake intake,
    ExternalSourceBoard board,
    PrometheusAlertPollOptions options,
    MetricsOptions metrics,
    TimeProvider time,
    ILogger<PrometheusAlertPoller> logger) : BackgroundService
{
    public const string SourceName = "Prometheus";

    private readonly PrometheusAlertTracker _tracker = new();
    private readonly string _target = metrics.Prometheus.BaseUrl ?? "";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        board.Register(SourceName, _target);
        using var timer = new PeriodicTimer(options.PollInterval, time);
        try
        {
            do
            {
                await PollOnceAsync(stoppingToken);
                intake.Book.Prune();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One poll: report what Prometheus lists, or mark the source stale.</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PrometheusAlert> listed;
        try
        {
            var reply = await api.GetAlertsAsync(cancellationToken);
            listed = reply.Data?.Alerts ?? throw new InvalidOperationException($"Prometheus answered '{reply.Status}' without data");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = Reason(ex);
            if (board.Failed(SourceName, time.GetUtcNow(), reason))
            {
                LogUnreachable(_target, reason);
            }
            return;
        }
        var now = time.GetUtcNow();
        if (listed.Count > options.MaxAlerts)
        {
            LogTooMany(listed.Count, options.MaxAlerts);
            listed = listed.Take(options.MaxAlerts).ToList();
        }
        var source = $"Prometheus {_target}";
        var alerts = listed.Select(a => PrometheusAlertConversion.ToConsoleAlert(a, source, now)).OfType<ConsoleAlert>().ToList();
        var report = _tracker.Polled(alerts, now);
        intake.Report(ExternalAlertIntake.PrometheusScope, report);
        var wasStale = board.Find(SourceName)?.Health == ExternalSourceHealth.Stale;
        board.Succeeded(SourceName, now, alerts.Count, alerts.Count, report.Count - alerts.Count);
        if (wasStale)
        {
            LogReachableAgain(_target);
        }
    }

    /// <summary>The innermost message: Refit and the resilience pipeline wrap the transport's own reason.</summary>
    private static string Reason(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }
        return inner == ex ? ex.Message : $"{ex.Message} ({inner.Message})";
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Cannot poll alerts from Prometheus at {Target}: {Reason}. Its last known alerts are kept and marked stale until it answers again")]
    private partial void LogUnreachable(string target, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Prometheus at {Target} answers again; its alerts are current")]
    private partial void LogReachableAgain(string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prometheus listed {Count} alerts; only the first {Max} are taken (Alerting:Prometheus:MaxAlerts)")]
    private partial void LogTooMany(int count, int max);
}
