using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
    public const string BinaryPath = "/usr/bin/prometheus";
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

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentQueue<string> _log = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hmsops-prometheus-" + Guid.NewGuid().ToString("N"));
    private Process? _process;
    private ServiceProvider? _services;
    private Task? _firstScrape;

    public static TimeSpan Deadline { get; } = TimeSpan.FromSeconds(60);

    public int Port { get; } = FreePort();

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The URL Prometheus reports for its scrape of itself.</summary>
    public string SelfScrapeUrl => $"{BaseUrl}/metrics";

    public IPrometheusApi Api => _services?.GetRequiredService<IPrometheusApi>()
        ?? throw new InvalidOperationException("Prometheus is not started.");

    public string RecentLog => string.Join('\n', _log.TakeLast(30));

    public async Task InitializeAsync()
    {
        if (!File.Exists(BinaryPath))
        {
            throw new InvalidOperationException(
                $"{BinaryPath} is missing: install Debian's package with 'apt-get install -y --no-install-recommends prometheus'.");
        }

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

        var info = new ProcessStartInfo(BinaryPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{Port}");
        info.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(_directory, "data")}");
        info.ArgumentList.Add($"--config.file={configPath}");
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        await WaitUntilReadyAsync();

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
    public async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"gave up waiting for {what}; Prometheus said:\n{RecentLog}");
            }

            await Task.Delay(PollInterval);
        }
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException(
                    $"prometheus exited with {exited.ExitCode.ToString(CultureInfo.InvariantCulture)} before it was ready:\n{RecentLog}");
            }

            try
            {
                using var response = await client.GetAsync("/-/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"prometheus was not ready within {Deadline}:\n{RecentLog}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 500)
        {
            _log.TryDequeue(out _);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PrometheusServerCollection : ICollectionFixture<PrometheusServerFixture>
{
    public const string Name = "Real Prometheus server";
}
