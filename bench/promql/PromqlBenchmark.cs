using System.Diagnostics;
using System.Globalization;
using HmsOps.Bench.Ingest;
using HmsOps.Core.Metrics;

namespace HmsOps.Bench.PromQL;

public sealed record PromqlBenchOptions
{
    public required int[] Sizes { get; init; }
    public required TimeSpan Span { get; init; }
    public required int Iterations { get; init; }
    public required int Warmup { get; init; }
    public required string Prometheus { get; init; }
    public required string Promtool { get; init; }
}

/// <summary>One row of the report: one query, instant or range, on one data size.</summary>
public sealed record QueryFigures(int Series, string Query, string Mode, Latencies Embedded, Latencies Prometheus, int EmbeddedSeries, int PrometheusSeries)
{
    public double Ratio => Embedded.P50 / Prometheus.P50;
}

/// <summary>
/// For each size: builds the data set, loads it into a <see cref="TimeSeriesStore"/> and (as OpenMetrics, through
/// promtool) into a real Prometheus, then times the radar queries on both, alternating, after a warm-up.
/// </summary>
public static class PromqlBenchmark
{
    public static async Task<int> RunAsync(PromqlBenchOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine("# PromQL benchmark: embedded engine vs Prometheus");
        Console.WriteLine();
        Console.WriteLine($"- {MachineInfo.Describe()}");
        Console.WriteLine($"- Prometheus: {Version(options.Prometheus)}");
        Console.WriteLine($"- data: {options.Span.TotalHours:0.#} h at 15 s; instant queries at the last sample, range queries over the last 1 h at step 15 s");
        Console.WriteLine($"- {options.Warmup} warm-up + {options.Iterations} measured runs per query and target, the two targets alternating");
        Console.WriteLine();
        var rows = new List<QueryFigures>();
        foreach (var size in options.Sizes)
        {
            rows.AddRange(await RunSizeAsync(size, options, cancellationToken));
        }
        Console.WriteLine();
        Console.WriteLine("| series | query | kind | embedded p50 | embedded p99 | Prometheus p50 | Prometheus p99 | p50 ratio (embedded / Prometheus) | result series (embedded / Prometheus) |");
        Console.WriteLine("|---:|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Series:N0} | {row.Query} | {row.Mode} | {Ms(row.Embedded.P50)} | {Ms(row.Embedded.P99)} | {Ms(row.Prometheus.P50)} | {Ms(row.Prometheus.P99)} | {row.Ratio:0.00} | {row.EmbeddedSeries} / {row.PrometheusSeries} |"));
        }
        var missed = rows.Where(r => r.Ratio > 1).ToArray();
        var mismatched = rows.Where(r => r.EmbeddedSeries != r.PrometheusSeries).ToArray();
        Console.WriteLine();
        Console.WriteLine(missed.Length == 0
            ? "Target embedded p50 ≤ Prometheus p50: **met** for every query."
            : $"Target embedded p50 ≤ Prometheus p50: **missed** for {string.Join(", ", missed.Select(r => $"{r.Query} {r.Mode} at {r.Series:N0} series"))}.");
        if (mismatched.Length > 0)
        {
            Console.WriteLine($"Warning: different result sizes for {string.Join(", ", mismatched.Select(r => $"{r.Query} {r.Mode} at {r.Series:N0}"))}.");
        }
        return missed.Length == 0 ? 0 : 3;
    }

    private static async Task<List<QueryFigures>> RunSizeAsync(int size, PromqlBenchOptions options, CancellationToken cancellationToken)
    {
        var endMs = (DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1)).ToUnixTimeMilliseconds();
        var data = RadarDataSet.Generate(size, options.Span, endMs);
        var metrics = new MetricsOptions { MaxSeries = data.Series.Count + 1, Retention = options.Span + TimeSpan.FromDays(1) };
        var store = new TimeSeriesStore(metrics);
        var started = Stopwatch.GetTimestamp();
        data.LoadInto(store);
        var load = Stopwatch.GetElapsedTime(started);

        var directory = Path.Combine(Path.GetTempPath(), "hmsops-bench-promql-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var file = Path.Combine(directory, "data.om.txt");
            started = Stopwatch.GetTimestamp();
            OpenMetricsFile.Write(data, file);
            var write = Stopwatch.GetElapsedTime(started);
            var (prometheus, backfill) = await PrometheusServer.StartAsync(options.Prometheus, options.Promtool, file, directory, cancellationToken);
            await using (prometheus)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"- {data.Series.Count:N0} series, {data.SampleCount:N0} samples: store load {load.TotalSeconds:0.0} s; OpenMetrics {new FileInfo(file).Length / 1048576.0:0} MiB written in {write.TotalSeconds:0.0} s; promtool backfill {backfill.TotalSeconds:0.0} s"));
                File.Delete(file);
                using var remote = new HttpTarget("Prometheus", prometheus.BaseUrl);
                await CheckLoadedAsync(remote, data, cancellationToken);
                var embedded = new EmbeddedTarget(store, metrics);
                var rows = new List<QueryFigures>();
                foreach (var (name, expr) in RadarQueries.All)
                {
                    rows.Add(await MeasureAsync(data, name, "instant", embedded, remote, options,
                        (t, ct) => t.InstantAsync(expr, data.EndMs, ct), cancellationToken));
                    rows.Add(await MeasureAsync(data, name, "range 1h", embedded, remote, options,
                        (t, ct) => t.RangeAsync(expr, data.EndMs - 3_600_000, data.EndMs, RadarDataSet.StepMs, ct), cancellationToken));
                }
                return rows;
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task CheckLoadedAsync(HttpTarget prometheus, RadarDataSet data, CancellationToken cancellationToken)
    {
        await prometheus.InstantAsync("count({__name__=~\"hms_.*\"})", data.EndMs, cancellationToken);
        using var document = System.Text.Json.JsonDocument.Parse(prometheus.LastBody!);
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        var loaded = result.GetArrayLength() == 0 ? 0 : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        if (loaded != data.Series.Count)
        {
            throw new InvalidOperationException($"Prometheus holds {loaded} series at the last timestamp, expected {data.Series.Count}");
        }
    }

    private static async Task<QueryFigures> MeasureAsync(
        RadarDataSet data, string name, string mode, IQueryTarget embedded, HttpTarget prometheus,
        PromqlBenchOptions options, Func<IQueryTarget, CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        var embeddedSeries = 0;
        for (var i = 0; i < options.Warmup; i++)
        {
            embeddedSeries = await run(embedded, cancellationToken);
            await run(prometheus, cancellationToken);
        }
        var prometheusSeries = prometheus.LastBody is null ? 0 : prometheus.CountLast();
        var e = new Latencies();
        var p = new Latencies();
        for (var i = 0; i < options.Iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            embeddedSeries = await run(embedded, cancellationToken);
            e.Add(Stopwatch.GetElapsedTime(started));
            started = Stopwatch.GetTimestamp();
            await run(prometheus, cancellationToken);
            p.Add(Stopwatch.GetElapsedTime(started));
        }
        prometheusSeries = prometheus.CountLast();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- {data.Series.Count:N0} series, {name} {mode}: embedded p50 {Ms(e.P50)}, Prometheus p50 {Ms(p.P50)}"));
        return new QueryFigures(data.Series.Count, name, mode, e, p, embeddedSeries, prometheusSeries);
    }

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Version(string prometheus)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(prometheus, "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            var text = process!.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return text.Split('\n').FirstOrDefault()?.Trim() ?? "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }
}
