using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting.Security;

/// <summary>
/// Raises a critical <c>SecurityEvent</c> alert (<see cref="AlertOrigin.Security"/>, firing at once, no rule or
/// threshold involved) for every log with level <c>security</c> the ingest pipeline made durable, and resolves each
/// after <see cref="SecurityAlertOptions.ResolveAfter"/>. Each event is its own alert: its labels carry an
/// <c>event_id</c> derived from the log itself, so a re-sent copy of the same log is the same alert, not a second one.
/// </summary>
public sealed class SecurityAlerts(AlertBook book, TimeProvider time, SecurityAlertOptions options)
{
    public const string AlertName = "SecurityEvent";
    public const string Scope = "security";
    public const string Source = "security log";
    public const string EventIdLabel = "event_id";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Open> _open = new(StringComparer.Ordinal);
    private long _resolvedEarly;

    public int OpenCount
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>Security alerts resolved before their time because <see cref="SecurityAlertOptions.MaxOpenAlerts"/> was reached.</summary>
    public long ResolvedEarly => Interlocked.Read(ref _resolvedEarly);

    /// <summary>Called with the logs of each durable ingest batch; ignores every level but <c>security</c>.</summary>
    public void OnLogs(IReadOnlyList<LogEvent> logs)
    {
        if (!logs.Any(l => l.Level == LogLevel.Security))
        {
            return;
        }
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var changes = new Dictionary<string, ConsoleAlert>(StringComparer.Ordinal);
            foreach (var log in logs.Where(l => l.Level == LogLevel.Security))
            {
                var alert = ToAlert(log, now);
                if (_open.ContainsKey(alert.Fingerprint))
                {
                    continue; // the same event again: already open
                }
                while (_open.Count >= options.MaxOpenAlerts)
                {
                    var oldest = _open.Values.MinBy(o => o.ResolveAt)!;
                    _open.Remove(oldest.Alert.Fingerprint);
                    changes[oldest.Alert.Fingerprint] = Resolved(oldest.Alert, now);
                    Interlocked.Increment(ref _resolvedEarly);
                }
                _open[alert.Fingerprint] = new Open(alert, now + options.ResolveAfter);
                changes[alert.Fingerprint] = alert;
            }
            if (changes.Count > 0)
            {
                book.Upsert(Scope, changes.Values.ToList());
            }
        }
    }

    /// <summary>Resolves every alert whose time is up; the hosted service calls it on a timer.</summary>
    public int ResolveDue()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var due = _open.Values.Where(o => o.ResolveAt <= now).ToList();
            foreach (var open in due)
            {
                _open.Remove(open.Alert.Fingerprint);
            }
            if (due.Count > 0)
            {
                book.Upsert(Scope, due.Select(o => Resolved(o.Alert, o.ResolveAt)).ToList());
            }
            return due.Count;
        }
    }

    public static ConsoleAlert ToAlert(LogEvent log, DateTimeOffset now)
    {
        var labels = LabelSet.From(
            (AlertRuleStateMachine.AlertNameLabel, AlertName),
            ("severity", "critical"),
            ("service", log.Service),
            (EventIdLabel, EventId(log)));
        var loggedAt = DateTimeOffset.FromUnixTimeMilliseconds(log.TimestampMs);
        var annotations = new List<(string, string)>
        {
            ("summary", log.Message),
            ("logged_at", loggedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
            ("runbook", RunbookName),
        };
        if (!string.IsNullOrEmpty(log.TraceId))
        {
            annotations.Add(("trace_id", log.TraceId));
        }
        if (!string.IsNullOrEmpty(log.SpanId))
        {
            annotations.Add(("span_id", log.SpanId));
        }
        // Since when it is active: the event's own time, but never in the future (a client's clock ahead of ours).
        var activeAt = loggedAt <= now ? loggedAt : now;
        return new ConsoleAlert(AlertFingerprint.Of(labels), labels, LabelSet.From(annotations.ToArray()), AlertState.Firing,
            Value: null, ActiveAt: activeAt, FiredAt: now, ResolvedAt: null, UpdatedAt: now, AlertOrigin.Security, Source);
    }

    /// <summary>runbooks/security_event.md: what the SOC does with a security log.</summary>
    public const string RunbookName = "security_event";

    /// <summary>16 hex digits of SHA-256 over what identifies the log line (service, time, message, trace and span).</summary>
    public static string EventId(LogEvent log)
    {
        var identity = string.Join('\u001f', log.Service, log.TimestampMs.ToString(CultureInfo.InvariantCulture), log.Message,
            log.TraceId ?? "", log.SpanId ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 8));
    }

    private static ConsoleAlert Resolved(ConsoleAlert alert, DateTimeOffset at) =>
        alert with { State = AlertState.Inactive, ResolvedAt = at, UpdatedAt = at };

    private sealed record Open(ConsoleAlert Alert, DateTimeOffset ResolveAt);
}
