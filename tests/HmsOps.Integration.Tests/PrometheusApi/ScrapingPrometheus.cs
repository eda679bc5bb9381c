using HmsOps.Integration.Tests.Prometheus;

namespace HmsOps.Integration.Tests.PrometheusApi;

/// <summary>
/// A real Prometheus with a scrape configuration of the test's choosing and its own TSDB directory, which the test may
/// kill (SIGKILL) and start again on the same port and data.
/// </summary>
public sealed class ScrapingPrometheus : IAsyncDisposable
{
    private readonly PrometheusProcess _process = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hmsops-prom-api-" + Guid.NewGuid().ToString("N"));
    private readonly Func<int, string> _scrapeConfigs;

    /// <param name="scrapeConfigs">
    /// YAML list items under <c>scrape_configs:</c>, indented by two spaces, given Prometheus's own port.
    /// </param>
    public ScrapingPrometheus(Func<int, string> scrapeConfigs)
    {
        _scrapeConfigs = scrapeConfigs;
    }

    public int Port => _process.Port;

    public string BaseUrl => _process.BaseUrl;

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
        await _process.StartAsync([$"--storage.tsdb.path={Path.Combine(_directory, "data")}", $"--config.file={configPath}"], _directory);
    }

    /// <summary>SIGKILL, as a crash: the next start recovers the TSDB from its write-ahead log.</summary>
    public ValueTask KillAsync() => _process.DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
