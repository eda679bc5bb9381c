using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using HmsOps.Tests.Shared;

namespace HmsOps.Integration.Tests.Prometheus;

/// <summary>
/// One real Prometheus process (Debian's package) listening on 127.0.0.1:<see cref="Port"/>: started with the
/// caller's flags, polled until <c>/-/ready</c>, and killed on dispose. Its output is kept for failure messages.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    public const string BinaryPath = "/usr/bin/prometheus";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    public static TimeSpan Deadline { get; } = TimeSpan.FromSeconds(60);

    public int Port { get; } = ConsoleProcess.FreePort();

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string RecentLog => string.Join('\n', _log.TakeLast(30));

    /// <param name="flags">Everything but <c>--web.listen-address</c>, which is added here.</param>
    /// <param name="workingDirectory">Where Prometheus resolves relative paths.</param>
    public async Task StartAsync(IEnumerable<string> flags, string workingDirectory)
    {
        if (!File.Exists(BinaryPath))
        {
            throw new InvalidOperationException(
                $"{BinaryPath} is missing: install Debian's package with 'apt-get install -y --no-install-recommends prometheus'.");
        }

        var info = new ProcessStartInfo(BinaryPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{Port}");
        foreach (var flag in flags)
        {
            info.ArgumentList.Add(flag);
        }
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        await WaitUntilReadyAsync();
    }

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

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _process = null;
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
}
