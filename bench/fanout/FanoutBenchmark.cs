using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HmsOps.Bench.Ingest;

namespace HmsOps.Bench.Fanout;

public sealed record FanoutOptions
{
    public required Uri Url { get; init; }
    public required int Clients { get; init; }
    public required double RefreshSeconds { get; init; }
    public required TimeSpan Duration { get; init; }
    public required TimeSpan Warmup { get; init; }
    public int? ServerPid { get; init; }
    public double MaxP95Ms { get; init; } = 1000;
    public double MaxServerCpuPercent { get; init; } = 100;
}

/// <summary>
/// Many hub clients watching the radar at once: every client subscribes to the same radar queries, so the server
/// evaluates each once per tick and the cost measured is the fan-out (serialising and pushing to every connection).
/// </summary>
public static class FanoutBenchmark
{
    /// <summary>The radar's queries as its panels ask for them: the 15-minute heatmap and error line, the current p95.</summary>
    public static readonly LiveQuerySpec[] RadarQueries =
    [
        new("heatmap", "sum by (le) (rate(hms_ach_latency_seconds_bucket[1m]))", 900, 15),
        new("p95", "histogram_quantile(0.95, sum by (le, service) (rate(hms_ach_latency_seconds_bucket[1m])))", 0, 0),
        new("error ratio", "sum by (service) (rate(hms_http_requests_total{code=~\"5..\"}[1m])) / sum by (service) (rate(hms_http_requests_total[1m]))", 900, 15),
    ];

    public static async Task<int> RunAsync(FanoutOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var log = new DeliveryLog();
        var clients = new List<FanoutClient>(options.Clients);
        try
        {
            var connecting = Stopwatch.GetTimestamp();
            using (var gate = new SemaphoreSlim(8))
            {
                var tasks = Enumerable.Range(0, options.Clients).Select(async _ =>
                {
                    await gate.WaitAsync(cancellationToken);
                    try
                    {
                        var client = await FanoutClient.ConnectAsync(options.Url, log, time, cancellationToken);
                        lock (clients)
                        {
                            clients.Add(client);
                        }
                        await client.SubscribeAsync(RadarQueries, options.RefreshSeconds, cancellationToken);
                    }
                    finally
                    {
                        gate.Release();
                    }
                });
                await Task.WhenAll(tasks);
            }
            var connected = Stopwatch.GetElapsedTime(connecting);
            await Task.Delay(options.Warmup, cancellationToken);

            var cpu = new CpuSampler(options.ServerPid);
            var start = cpu.Take();
            log.Start();
            var peakRss = ProcessMemory.ResidentMiB(options.ServerPid);
            var until = Stopwatch.GetTimestamp() + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                peakRss = Max(peakRss, ProcessMemory.ResidentMiB(options.ServerPid));
            }
            log.Stop();
            var use = cpu.Since(start);
            var gauges = await ScrapeLiveGaugesAsync(options.Url, cancellationToken);
            return Report(options, connected, log, use, peakRss, gauges);
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static int Report(FanoutOptions options, TimeSpan connected, DeliveryLog log, CpuUse use, double? peakRss, IReadOnlyDictionary<string, double> gauges)
    {
        var delays = log.DelaysMs.Order().ToArray();
        var expected = options.Clients * RadarQueries.Length * options.Duration.TotalSeconds / options.RefreshSeconds;
        var p95 = Percentile(delays, 0.95);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("# Live fan-out benchmark: /hubs/metrics");
        Console.WriteLine();
        Console.WriteLine($"- {MachineInfo.Describe()}");
        Console.WriteLine(string.Create(inv, $"- {options.Clients} SignalR clients (WebSockets) × {RadarQueries.Length} radar queries ({string.Join(", ", RadarQueries.Select(q => q.RangeSeconds > 0 ? $"{q.Name} range {q.RangeSeconds / 60:0} min step {q.StepSeconds:0} s" : $"{q.Name} instant"))}), refresh {options.RefreshSeconds:0.##} s; connected and subscribed in {connected.TotalSeconds:0.0} s; {options.Warmup.TotalSeconds:0} s warm-up, {options.Duration.TotalSeconds:0} s measured"));
        Console.WriteLine(string.Create(inv, $"- server's live gauges at the end: {string.Join(", ", gauges.Select(g => $"{g.Key} {g.Value:0}"))}"));
        Console.WriteLine();
        Console.WriteLine("| pushes received | of expected | failed (error/unavailable) | delay p50 | delay p95 | delay p99 | delay max | server CPU (% of one core) | server RSS peak | machine busy (200 % = both cores) | bench client CPU |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(inv,
            $"| {delays.Length:N0} | {delays.Length / expected:P0} | {log.Failed:N0} | {Ms(Percentile(delays, 0.5))} | {Ms(p95)} | {Ms(Percentile(delays, 0.99))} | {Ms(delays.Length == 0 ? double.NaN : delays[^1])} | {Percent(use.ServerPercent)} | {(peakRss is { } rss ? $"{rss:0} MiB" : "n/a")} | {Percent(use.MachineBusyPercent)} | {use.BenchPercent:0} % |"));
        Console.WriteLine();
        var latencyMet = delays.Length > 0 && p95 <= options.MaxP95Ms;
        var cpuMet = use.ServerPercent is { } server && server < options.MaxServerCpuPercent;
        Console.WriteLine(string.Create(inv, $"Target delivery p95 ≤ {options.MaxP95Ms:0} ms: **{(latencyMet ? "met" : "missed")}** ({Ms(p95)})."));
        Console.WriteLine(string.Create(inv, $"Target server CPU < {options.MaxServerCpuPercent:0} % of one core: **{(cpuMet ? "met" : use.ServerPercent is null ? "not measured (no --server-pid)" : "missed")}** ({Percent(use.ServerPercent)})."));
        Console.WriteLine("The delay runs from the tick's evaluatedAt (query start) to the client's receipt, on the same machine clock;");
        Console.WriteLine("the 200 clients run on the same cores as the console, so their CPU competes with the server's.");
        return latencyMet && cpuMet ? 0 : 3;
    }

    private static async Task<IReadOnlyDictionary<string, double>> ScrapeLiveGaugesAsync(Uri url, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        var text = await client.GetStringAsync("/metrics", cancellationToken);
        return Regex.Matches(text, @"^(hmsops_live_\w+) (\S+)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Percent(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + " %" : "n/a";
}
