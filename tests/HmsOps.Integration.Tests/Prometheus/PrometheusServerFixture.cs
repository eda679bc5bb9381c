using HmsOps.Prometheus;
using Microsoft.Extensions.DependencyInjection;

namespace HmsOps.Integration.Tests.Prometheus;

/// <summary>
/// A real Prometheus (Debian's package) on 127.0.0.1 with a free port and a throw-away TSDB. It scrapes itself every
/// second and evaluates <see cref="RulesYaml"/> every second, so every API endpoint has something real to return.
/// The client under test is resolved from a service collection exactly as the console registers it.
/// </summary>
public sealed class PrometheusServerFixture : IAsyncLifetime
{
    public const string BinaryPath = PrometheusProcess.BinaryPath;
    public const string RuleGroup = "hmsops-fixture";
    public const string RecordingRule = "fixture:up:sum";
    public const string AlertingRule = "FixtureAlwaysFiring";

    private const string RulesYaml = $$"""
        groups:
          - name: {{RuleGroup}}
            interval: 1s
            rules:
              - record: {{RecordingRule}}
                expr: sum(up)
              - alert: {{AlertingRule}}
                expr: vector(1) > 0
                labels:
                  severity: info
                annotations:
                  summary: Always firing, so the alerts API has one alert to return.
        """;

    private readonly PrometheusProcess _prometheus = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hmsops-prometheus-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider? _services;
    private Task? _firstScrape;

    public static TimeSpan Deadline => PrometheusProcess.Deadline;

    public int Port => _prometheus.Port;

    public string BaseUrl => _prometheus.BaseUrl;

    /// <summary>The URL Prometheus reports for its scrape of itself.</summary>
    public string SelfScrapeUrl => $"{BaseUrl}/metrics";

    public IPrometheusApi Api => _services?.GetRequiredService<IPrometheusApi>()
        ?? throw new InvalidOperationException("Prometheus is not started.");

    public string RecentLog => _prometheus.RecentLog;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var rulesPath = Path.Combine(_directory, "rules.yml");
        var configPath = Path.Combine(_directory, "prometheus.yml");
        await File.WriteAllTextAsync(rulesPath, RulesYaml);
        await File.WriteAllTextAsync(configPath, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
              - {rulesPath}
            scrape_configs:
              - job_name: prometheus
                static_configs:
                  - targets: ['127.0.0.1:{Port}']
            """);

        await _prometheus.StartAsync(
            [$"--storage.tsdb.path={Path.Combine(_directory, "data")}", $"--config.file={configPath}"],
            _directory);

        var services = new ServiceCollection();
        services.AddPrometheusApi(new Uri(BaseUrl));
        _services = services.BuildServiceProvider();
    }

    /// <summary>Completes once the self-scrape has stored its first <c>up</c> sample.</summary>
    public Task WaitForFirstScrapeAsync() =>
        _firstScrape ??= EventuallyAsync(
            () => Api.QueryAsync("up"),
            reply => reply.Data is { Vector.Count: > 0 },
            "the first self-scrape");

    /// <summary>Calls <paramref name="probe"/> until <paramref name="done"/> holds or <see cref="Deadline"/> passes; never a fixed sleep.</summary>
    public Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what) =>
        _prometheus.EventuallyAsync(probe, done, what);

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _prometheus.DisposeAsync();

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PrometheusServerCollection : ICollectionFixture<PrometheusServerFixture>
{
    public const string Name = "Real Prometheus server";
}
