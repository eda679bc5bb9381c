using System.Diagnostics;
using System.Net;

namespace HmsOps.Bench.Ingest;

/// <summary>Runs the phases the options ask for and prints the Markdown report. Exit code 0: targets met (or not judged); 2: could not run; 3: targets missed (1 is a usage error).</summary>
public static class IngestBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, TimeProvider time, CancellationToken cancellation)
    {
        var phases = options.Endpoint switch
        {
            EndpointChoice.Ingest => new[] { ("ingest", "/ingest") },
            EndpointChoice.Noop => [("noop", "/ingest/noop")],
            // The baseline first, so it does not share the machine with the ingest run's SQLite backlog.
            _ => [("noop", "/ingest/noop"), ("ingest", "/ingest")],
        };

        var generated = Stopwatch.StartNew();
        var random = new Random(20_251_125);
        var generator = new BatchGenerator(options.Mix, random);
        var bodies = Enumerable.Range(0, options.Clients)
            .Select(_ => Enumerable.Range(0, options.BodiesPerClient).Select(_ => generator.Create(options.BatchSize)).ToArray())
            .ToArray();
        var sample = bodies[0][0];
        await Console.Error.WriteLineAsync(
            $"generated {options.Clients} x {options.BodiesPerClient} bodies of {options.BatchSize} events " +
            $"(~{bodies.Average(b => b.Average(x => x.Bytes.Length)) / 1024:0} KiB each; first: {sample.Metrics} metrics, {sample.Logs} logs, {sample.Spans} spans) " +
            $"in {generated.ElapsedMilliseconds} ms");

        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);

        var load = new LoadPhase(http, options, bodies, time);
        foreach (var (_, path) in phases)
        {
            if (await PreflightAsync(http, options, path, bodies[0][0], time, cancellation) is { } problem)
            {
                await Console.Error.WriteLineAsync($"ingest bench: cannot run: {problem}");
                return 2;
            }
        }

        var cpu = new CpuSampler(options.ServerPid);
        var results = new List<PhaseResult>();
        foreach (var (name, path) in phases)
        {
            await Console.Error.WriteLineAsync($"{name}: {options.Warmup.TotalSeconds:0} s warm-up, {options.Duration.TotalSeconds:0} s measured, {options.Clients} clients ...");
            var result = await load.RunAsync(name, path, cpu, cancellation);
            await Console.Error.WriteLineAsync($"{name}: {result.EventsPerSecond:N0} events/s");
            results.Add(result);
        }

        if (options.LatencyCsv is { } csv)
        {
            await using var writer = new StreamWriter(csv.FullName);
            await writer.WriteLineAsync("endpoint,client,start_ms,latency_ms");
            foreach (var request in results.SelectMany(r => r.Timeline.Select(t => (r.Endpoint, t))))
            {
                await writer.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{request.Endpoint},{request.t.Client},{request.t.StartMs:0.0},{request.t.LatencyMs:0.00}"));
            }
        }

        var verdict = Report.Write(Console.Out, options, results);
        return verdict switch
        {
            Verdict.Met or Verdict.NotApplicable => 0,
            Verdict.Missed => 3,
            _ => 2,
        };
    }

    /// <summary>One request, so a wrong key, a missing no-op endpoint or a dead server is one clear line, not 30 s of errors.</summary>
    private static async Task<string?> PreflightAsync(
        HttpClient http, BenchOptions options, string path, BatchBody body, TimeProvider time, CancellationToken cancellation)
    {
        body.Refresh(0xFFFFFFFF, time.GetUtcNow().ToUnixTimeMilliseconds());
        var uri = new Uri(options.Url, path);
        try
        {
            using var content = new ByteArrayContent(body.Bytes);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync(uri, content, cancellation);
            return response.StatusCode switch
            {
                HttpStatusCode.Accepted => null,
                HttpStatusCode.Unauthorized => $"POST {uri} answered 401: pass a key from Ingest:ApiKeys with --key",
                HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed when path.EndsWith("/noop", StringComparison.Ordinal) =>
                    $"POST {uri} answered {(int)response.StatusCode}: start the console with Ingest:NoopEndpoint=true, or pass --endpoint ingest",
                _ => $"POST {uri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellation)}",
            };
        }
        catch (HttpRequestException ex)
        {
            return $"POST {uri} failed: {ex.Message}";
        }
    }
}
