using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Alerting.External;

/// <summary>
/// A real Alertmanager 0.25 (Debian's prometheus-alertmanager) on 127.0.0.1 with a free port, its own storage folder
/// and clustering off (an empty <c>--cluster.listen-address</c>), killed and cleaned up on dispose.
/// </summary>
public sealed class AlertmanagerProcess : IAsyncDisposable
{
    public const string BinaryPath = "/usr/bin/prometheus-alertmanager";

    private readonly ConcurrentQueue<string> _log = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hmsops-am-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public int Port { get; } = ConsoleProcess.FreePort();

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string RecentLog => string.Join('\n', _log.TakeLast(30));

    public async Task StartAsync(string configYaml)
    {
        if (!File.Exists(BinaryPath))
        {
            throw new InvalidOperationException($"{BinaryPath} is missing: apt-get install -y --no-install-recommends prometheus-alertmanager");
        }
        Directory.CreateDirectory(Path.Combine(_directory, "data"));
        var config = Path.Combine(_directory, "alertmanager.yml");
        await File.WriteAllTextAsync(config, configYaml);
        var info = new ProcessStartInfo(BinaryPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        info.ArgumentList.Add($"--config.file={config}");
        info.ArgumentList.Add($"--storage.path={Path.Combine(_directory, "data")}");
        info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{Port}");
        info.ArgumentList.Add("--cluster.listen-address=");
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"alertmanager exited with {exited.ExitCode} before it was ready:\n{RecentLog}");
            }
            try
            {
                using var response = await client.GetAsync(BaseUrl + "/-/ready");
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
        throw new TimeoutException($"alertmanager was not ready within 60 s:\n{RecentLog}");
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
