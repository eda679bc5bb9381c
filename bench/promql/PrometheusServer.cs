using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HmsOps.Bench.PromQL;

/// <summary>
/// A real Prometheus on 127.0.0.1 with a free port, over a TSDB backfilled from OpenMetrics text with promtool.
/// It scrapes nothing, so the backfilled blocks are all it holds.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly string _directory;
    private Process? _process;

    private PrometheusServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>Backfills <paramref name="openMetricsPath"/> into a fresh TSDB under <paramref name="directory"/> and starts Prometheus on it.</summary>
    public static async Task<(PrometheusServer Server, TimeSpan Backfill)> StartAsync(
        string prometheus, string promtool, string openMetricsPath, string directory, CancellationToken cancellationToken)
    {
        var tsdb = Path.Combine(directory, "tsdb");
        Directory.CreateDirectory(tsdb);
        var started = Stopwatch.GetTimestamp();
        await RunToEndAsync(promtool, ["tsdb", "create-blocks-from", "openmetrics", openMetricsPath, tsdb], cancellationToken);
        var backfill = Stopwatch.GetElapsedTime(started);

        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1m\nscrape_configs: []\n", cancellationToken);
        var server = new PrometheusServer(directory, FreePort());
        var info = new ProcessStartInfo(prometheus)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{server.Port}");
        info.ArgumentList.Add($"--storage.tsdb.path={tsdb}");
        info.ArgumentList.Add($"--config.file={config}");
        info.ArgumentList.Add("--storage.tsdb.retention.time=30d");
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        server._process = process;
        await server.WaitUntilReadyAsync(cancellationToken);
        return (server, backfill);
    }

    public string RecentLog => string.Join('\n', _log.TakeLast(20));

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
    }

    private static async Task RunToEndAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stderr}\n{await stdout}");
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"prometheus exited with {exited.ExitCode} before it was ready:\n{RecentLog}");
            }
            try
            {
                using var response = await client.GetAsync("/-/ready", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"prometheus was not ready within 2 minutes:\n{RecentLog}");
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
            while (_log.Count > 200)
            {
                _log.TryDequeue(out _);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
