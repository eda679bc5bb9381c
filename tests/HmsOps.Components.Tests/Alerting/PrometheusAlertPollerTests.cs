using HmsOps.Console.Alerting;
using HmsOps.Core.Alerting;
using HmsOps.Core.Alerting.External;
using HmsOps.Core.Metrics;
using HmsOps.Prometheus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HmsOps.Components.Tests.Alerting;

/// <summary>The poller against a scripted Prometheus: vanishing alerts resolve, an outage keeps the last known alerts.</summary>
public sealed class PrometheusAlertPollerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly ScriptedPrometheus _prometheus = new();
    private readonly CountingLogger _log = new();
    private readonly AlertBook _book;
    private readonly ExternalSourceBoard _board = new();
    private readonly PrometheusAlertPoller _poller;

    public PrometheusAlertPollerTests()
    {
        _book = new AlertBook(_time, new AlertBookOptions());
        _poller = new PrometheusAlertPoller(_prometheus, new ExternalAlertIntake(_book), _board, new PrometheusAlertPollOptions { MaxAlerts = 2 },
            new MetricsOptions { Prometheus = new PrometheusSourceOptions { BaseUrl = "http://prometheus.test:9090" } }, _time, _log);
    }

    private static PrometheusAlert Alert(string name, string state = "firing") => new()
    {
        Labels = new Dictionary<string, string> { ["alertname"] = name, ["severity"] = "critical" },
        Annotations = new Dictionary<string, string> { ["summary"] = name },
        State = state,
        ActiveAt = T0,
        Value = "4.2e+00",
    };

    private ExternalSourceStatus Status => _board.Find(PrometheusAlertPoller.SourceName)!;

    [Fact]
    public async Task Listed_alerts_are_in_the_book_and_one_that_vanishes_resolves()
    {
        _prometheus.Reply = () => [Alert("A"), Alert("B", "pending")];
        await _poller.PollOnceAsync(CancellationToken.None);

        var a = Assert.Single(_book.Snapshot(), x => x.Name == "A");
        Assert.Equal((AlertState.Firing, AlertOrigin.Prometheus, 4.2), (a.State, a.Origin, a.Value));
        Assert.Equal(AlertState.Pending, Assert.Single(_book.Snapshot(), x => x.Name == "B").State);

        _time.Advance(TimeSpan.FromSeconds(15));
        _prometheus.Reply = () => [Alert("A")];
        await _poller.PollOnceAsync(CancellationToken.None);

        var b = Assert.Single(_book.Snapshot(), x => x.Name == "B");
        Assert.True(b.IsResolved);
        Assert.Equal(T0.AddSeconds(15), b.ResolvedAt);
        Assert.Equal((ExternalSourceHealth.Ok, 1, 1L), (Status.Health, Status.Alerts, Status.ResolvedReceived));
    }

    [Fact]
    public async Task An_outage_keeps_the_last_known_alerts_marks_the_source_stale_and_logs_once()
    {
        _prometheus.Reply = () => [Alert("A")];
        await _poller.PollOnceAsync(CancellationToken.None);

        _prometheus.Reply = () => throw new HttpRequestException("Connection refused (127.0.0.1:9090)");
        for (var i = 1; i <= 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(15));
            await _poller.PollOnceAsync(CancellationToken.None);
        }

        Assert.Equal(AlertState.Firing, Assert.Single(_book.Snapshot()).State);
        Assert.Equal(ExternalSourceHealth.Stale, Status.Health);
        Assert.Equal(T0.AddSeconds(15), Status.StaleSince);
        Assert.Contains("Connection refused", Status.LastError, StringComparison.Ordinal);
        Assert.Equal(1, _log.Warnings);

        _prometheus.Reply = () => [];
        await _poller.PollOnceAsync(CancellationToken.None);

        Assert.True(Assert.Single(_book.Snapshot()).IsResolved);
        Assert.Equal((ExternalSourceHealth.Ok, (DateTimeOffset?)null), (Status.Health, Status.StaleSince));
        Assert.Equal(1, _log.Informations);
    }

    [Fact]
    public async Task More_alerts_than_the_bound_are_cut_with_a_warning()
    {
        _prometheus.Reply = () => [Alert("A"), Alert("B"), Alert("C")];

        await _poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(2, _book.Snapshot().Count);
        Assert.Equal(1, _log.Warnings);
    }

    private sealed class CountingLogger : ILogger<PrometheusAlertPoller>
    {
        public int Warnings;
        public int Informations;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Interlocked.Increment(ref Warnings);
            }
            else if (logLevel == LogLevel.Information)
            {
                Interlocked.Increment(ref Informations);
            }
        }
    }
}
