using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HmsOps.Core.Metrics;

namespace HmsOps.Bench.PromQL;

/// <summary>
/// The console (a Release build) on 127.0.0.1 with a free port, started on a data folder whose metrics snapshot is
/// the bench's store, so its Prometheus-compatible API answers over exactly the same samples. Demo fleet off.
/// </summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataPath;

    private ConsoleServer(Process process, string dataPath, int port)
    {
        _process = process;
        _dataPath = dataPath;
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri BaseUrl { get; }

    /// <summary>Null when the console's build or its /api/v1/query endpoint is missing (the reason is printed).</summary>
    public static async Task<ConsoleServer?> TryStartAsync(string consoleDll, TimeSeriesStore store, int maxSeries, CancellationToken cancellationToken)
    {
        if (!File.Exists(consoleDll))
        {
            Console.WriteLine($"- console over HTTP: skipped, {consoleDll} is not built");
            return null;
        }
        var dataPath = Path.Combine(Path.GetTempPath(), "hmsops-bench-console-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataPath);
        MetricsSnapshot.Write(Path.Combine(dataPath, "metrics.snapshot"), store);
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot(consoleDll),
        };
        info.ArgumentList.Add(consoleDll);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["Storage__DataPath"] = dataPath;
        info.Environment["Demo__Enabled"] = "false";
        info.Environment["Metrics__MaxSeries"] = (maxSeries + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the console");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ConsoleServer(process, dataPath, port);
        using var client = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var ready = await client.GetAsync("/readyz", cancellationToken);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    using var api = await client.GetAsync("/api/v1/query?query=1", cancellationToken);
                    if (api.StatusCode == HttpStatusCode.OK)
                    {
                        return server;
                    }
                    Console.WriteLine($"- console over HTTP: skipped, /api/v1/query answered {(int)api.StatusCode} (the API is not in this build)");
                    await server.DisposeAsync();
                    return null;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(200, cancellationToken);
        }
        await server.DisposeAsync();
        throw new InvalidOperationException("the console did not become ready within 2 minutes");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }

    /// <summary>The console reads appsettings.json from the repository root: src/HmsOps.Console/bin/Release/net10.0/ is five levels down.</summary>
    private static string RepositoryRoot(string consoleDll)
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(consoleDll))!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HmsOps.Console.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? Environment.CurrentDirectory;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
