using System.Diagnostics;
using HmsOps.Core.Metrics;
using HmsOps.Integration.Tests.Prometheus;
using HmsOps.Prometheus;

namespace HmsOps.Integration.Tests.PromQL;

/// <summary>
/// Loads <see cref="DifferentialDataSet"/> into the embedded store and, through an OpenMetrics file and
/// <c>promtool tsdb create-blocks-from openmetrics</c>, into a fresh real Prometheus that scrapes nothing.
/// Started once for the whole differential suite.
/// </summary>
public sealed class DifferentialFixture : IAsyncLifetime
{
    public const string PromtoolPath = "/usr/bin/promtool";

    private readonly PrometheusProcess _prometheus = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hmsops-promql-diff-" + Guid.NewGuid().ToString("N"));
    private HttpClient? _http;

    /// <summary>
    /// A whole hour about three hours ago: inside both retentions, and old enough that the 90 minutes of data are all in the past.
    /// </summary>
    public long BaseMs { get; } = HourAlignedBase(TimeProvider.System.GetUtcNow());

    public MetricsOptions Options { get; } = new()
    {
        Retention = TimeSpan.FromHours(24),
        SampleResolution = TimeSpan.FromSeconds(1),
        MaxSeries = 1_000,
    };

    public TimeSeriesStore Store { get; }

    public IPrometheusApi Prometheus { get; private set; } = null!;

    public string RecentLog => _prometheus.RecentLog;

    public int SeriesCount { get; private set; }

    public DifferentialFixture()
    {
        Store = new TimeSeriesStore(Options);
    }

    public async Task InitializeAsync()
    {
        var series = DifferentialDataSet.Generate(BaseMs);
        SeriesCount = series.Count;
        Store.Apply(
            series.SelectMany(s => s.Timestamps.Select((t, i) => new SeriesWrite(s.Labels, IsCounter: false, s.Values[i], t))).ToList(),
            sequence: 1);

        Directory.CreateDirectory(_directory);
        var openMetricsPath = Path.Combine(_directory, "data.om");
        var dataPath = Path.Combine(_directory, "data");
        var configPath = Path.Combine(_directory, "prometheus.yml");
        await using (var file = File.CreateText(openMetricsPath))
        {
            OpenMetricsWriter.Write(file, series, DifferentialDataSet.Types);
        }
        await BackfillAsync(openMetricsPath, dataPath);
        // No scrape targets: the TSDB holds the backfilled blocks only. The evaluation interval is the step of `[10m:]`.
        await File.WriteAllTextAsync(configPath, """
            global:
              evaluation_interval: 1m
            """);

        await _prometheus.StartAsync(
            [$"--storage.tsdb.path={dataPath}", $"--config.file={configPath}", "--storage.tsdb.retention.time=30d"],
            _directory);
        _http = new HttpClient { BaseAddress = new Uri(_prometheus.BaseUrl) };
        Prometheus = PrometheusApiClient.Create(_http);

        // Ready is not enough: the blocks must be loaded and answer for the base hour.
        var expected = series.Count(s => s.Labels.MetricName == "http_requests_total");
        await _prometheus.EventuallyAsync(
            () => Prometheus.QueryPostAsync(new InstantQueryForm { Query = "count(http_requests_total)", Time = Time(60 * 60) }),
            reply => reply.Data is { Vector: [var only] } && only.Value.Value == expected,
            "the backfilled blocks to answer count(http_requests_total)");
    }

    /// <summary>The base time plus <paramref name="offsetSeconds"/>, as the Prometheus API takes it.</summary>
    public string Time(double offsetSeconds) => PrometheusFormat.Time(DateTimeOffset.FromUnixTimeMilliseconds(At(offsetSeconds)));

    public long At(double offsetSeconds) => BaseMs + (long)Math.Round(offsetSeconds * 1000);

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        _http?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static long HourAlignedBase(DateTimeOffset now)
    {
        var threeHoursAgo = now.AddHours(-3).ToUnixTimeMilliseconds();
        return threeHoursAgo - threeHoursAgo % 3_600_000;
    }

    private async Task BackfillAsync(string openMetricsPath, string dataPath)
    {
        if (!File.Exists(PromtoolPath))
        {
            throw new InvalidOperationException(
                $"{PromtoolPath} is missing: install Debian's package with 'apt-get install -y --no-install-recommends prometheus'.");
        }
        var info = new ProcessStartInfo(PromtoolPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in new[] { "tsdb", "create-blocks-from", "openmetrics", openMetricsPath, dataPath })
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("promtool did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PrometheusProcess.Deadline);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"promtool backfill failed with {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DifferentialCollection : ICollectionFixture<DifferentialFixture>
{
    public const string Name = "PromQL differential: embedded engine vs real Prometheus";
}
