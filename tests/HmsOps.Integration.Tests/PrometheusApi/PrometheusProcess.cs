using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.PrometheusApi;

/// <summary>
/// A real Prometheus on 127.0.0.1 with a scrape configuration of the test's choosing, which the test may kill (SIGKILL)
/// and start again on the same port and the same TSDB directory.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hmsops-prom-api-" + Guid.NewGuid().ToString("N"));
    private readonly Func<int, string> _scrapeConfigs;
    private Process? _process;

    /// <param name="scrapeConfigs">
    /// YAML list items under <c>scrape_configs:</c>, indented by two spaces, given Prometheus's own port.
    /// </param>
    public PrometheusProcess(Func<int, string> scrapeConfigs)
    {
        _scrapeConfigs = scrapeConfigs;
    }

    public int Port { get; } = ConsoleProcess.FreePort();

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string RecentLog => string.Join('\n', _log.TakeLast(30));

    public async Task StartAsync()
    {
        Directory.CreateDirectory(_directory);
        var configPath = Path.Combine(_directory, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
            {_scrapeConfigs(Port)}
            """);
        var info = new ProcessStartInfo("/usr/bin/prometheus")
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
    }

    /// <summary>SIGKILL, as a crash: the next start recovers the TSDB from its write-ahead log.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"prometheus exited with {exited.ExitCode} before it was ready:\n{RecentLog}");
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
            await Task.Delay(200);
        }
        throw new TimeoutException($"prometheus was not ready within 60 s:\n{RecentLog}");
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
}
