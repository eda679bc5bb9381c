using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.Silences;
using HmsOps.Core.Notifications;
using HmsOps.Core.Notifications.Dispatch;
using HmsOps.Core.Notifications.Routing;
using HmsOps.Core.Alerting.Matchers;
using HmsOps.Core.Telemetry;
using HmsOps.Core.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Core.Tests.Notifications;

/// <summary>An alert book, silences and a dispatcher on a fake clock, writing to a fake outbox and a real log file.</summary>
internal sealed class DispatchHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory? _ownDirectory;

    public DispatchHarness(TempDirectory? dataDirectory = null, FakeTimeProvider? time = null, FakeOutbox? outbox = null,
        RoutingConfigurationSource? routing = null, DispatchOptions? options = null)
    {
        Time = time ?? new FakeTimeProvider(Start);
        _ownDirectory = dataDirectory is null ? new TempDirectory() : null;
        DataDirectory = dataDirectory ?? _ownDirectory!;
        Book = new AlertBook(Time, new AlertBookOptions());
        Silences = new SilenceStore(Time, new SilenceOptions());
        Outbox = outbox ?? new FakeOutbox();
        Routing = routing ?? new RoutingConfigurationSource(Options());
        var suppression = new AlertSuppression(Book, Silences, () => Routing.Rules);
        Log = new FileNotificationLog(DataDirectory.Path, new DispatchOptions(), Time, new ListLogger<FileNotificationLog>());
        Dispatcher = new NotificationDispatcher(Book, Routing, suppression, Outbox, Log, options ?? new DispatchOptions(), Time, Logger);
    }

    public FakeTimeProvider Time { get; }

    public RoutingConfigurationSource Routing { get; }

    public TempDirectory DataDirectory { get; }

    public AlertBook Book { get; }

    public SilenceStore Silences { get; }

    public FakeOutbox Outbox { get; }

    public FileNotificationLog Log { get; }

    public ListLogger<NotificationDispatcher> Logger { get; } = new();

    public NotificationDispatcher Dispatcher { get; }

    /// <summary>
    /// Root: on-call, grouped by alertname, Alertmanager's default timings. Criticals page (and continue);
    /// team db has its own receiver; a critical alert inhibits the warnings of its service; SecurityEvent goes to soc.
    /// </summary>
    public static NotificationsOptions Options() => new()
    {
        SecurityReceiver = "soc",
        Route = new RouteOptions
        {
            Receiver = "on-call",
            GroupBy = ["alertname"],
            Routes =
            [
                new RouteOptions { Matchers = ["severity=\"critical\""], Receiver = "pager", Continue = true },
                new RouteOptions { Matchers = ["team=\"db\""], Receiver = "db" },
            ],
        },
        Receivers =
        [
            Webhook("on-call"),
            new ReceiverOptions { Name = "pager", PagerDutyConfigs = [new PagerDutyReceiverOptions { RoutingKey = "k" }] },
            Webhook("db"),
            Webhook("soc"),
        ],
        InhibitRules =
        [
            new InhibitRuleOptions { SourceMatchers = ["severity=\"critical\""], TargetMatchers = ["severity=\"warning\""], Equal = ["service"] },
        ],
    };

    public ConsoleAlert Fire(params (string Name, string Value)[] labels) => Report(AlertState.Firing, labels);

    public ConsoleAlert Resolve(params (string Name, string Value)[] labels) => Report(AlertState.Inactive, labels);

    public ConsoleAlert Pending(params (string Name, string Value)[] labels) => Report(AlertState.Pending, labels);

    public static ConsoleAlert Alert(AlertState state, DateTimeOffset at, params (string Name, string Value)[] labels)
    {
        var set = LabelSet.From(labels);
        return new ConsoleAlert(AlertFingerprint.Of(set), set, LabelSet.Empty, state, 1, at,
            state == AlertState.Pending ? null : at, state == AlertState.Inactive ? at : null, at, AlertOrigin.Rules, "test");
    }

    public Silence Silence(string matcher, TimeSpan duration) =>
        Silences.Create([MatcherParser.Parse(matcher)], duration, "tester", "maintenance");

    /// <summary>Moves the clock forward one second at a time, ticking the dispatcher as the service would.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var end = Time.GetUtcNow() + by;
        await Dispatcher.TickAsync(CancellationToken.None);
        while (Time.GetUtcNow() < end)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Dispatcher.TickAsync(CancellationToken.None);
        }
    }

    /// <summary>Advances to <see cref="Start"/> + <paramref name="offset"/>.</summary>
    public Task AdvanceToAsync(TimeSpan offset) => AdvanceAsync(Start + offset - Time.GetUtcNow());

    public void Dispose()
    {
        Dispatcher.Dispose();
        _ownDirectory?.Dispose();
    }

    /// <summary>A firing alert as a real Alertmanager's webhook would report it.</summary>
    public ConsoleAlert FireFromAlertmanager(params (string Name, string Value)[] labels)
    {
        var alert = Alert(AlertState.Firing, Time.GetUtcNow(), labels) with { Origin = AlertOrigin.Alertmanager };
        Book.Upsert("alertmanager", [alert]);
        return alert;
    }

    private ConsoleAlert Report(AlertState state, (string Name, string Value)[] labels)
    {
        var alert = Alert(state, Time.GetUtcNow(), labels);
        Book.Upsert("test", [alert]);
        return alert;
    }

    private static ReceiverOptions Webhook(string name) =>
        new() { Name = name, WebhookConfigs = [new WebhookReceiverOptions { Url = "http://127.0.0.1:9/" + name }] };
}

/// <summary>Takes notifications (idempotent by id, as the real outbox) or refuses them while <see cref="Full"/>.</summary>
internal sealed class FakeOutbox : INotificationOutbox
{
    private readonly List<Notification> _accepted = [];

    public bool Full { get; set; }

    public int Refused { get; private set; }

    public IReadOnlyList<Notification> Accepted
    {
        get
        {
            lock (_accepted)
            {
                return _accepted.ToList();
            }
        }
    }

    public Task<bool> EnqueueAsync(Notification notification, CancellationToken cancellationToken)
    {
        lock (_accepted)
        {
            if (Full)
            {
                Refused++;
                return Task.FromResult(false);
            }
            if (_accepted.All(n => n.Id != notification.Id))
            {
                _accepted.Add(notification);
            }
            return Task.FromResult(true);
        }
    }

    public IReadOnlyList<Notification> To(string receiver) => Accepted.Where(n => n.Receiver == receiver).ToList();
}

internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToList();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
