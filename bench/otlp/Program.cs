using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using HmsOps.Bench.Otlp;

// Sustained OTLP/HTTP protobuf span export against a running console: first /v1/traces/noop (same key check, body
// read and protobuf decoding, nothing stored), then /v1/traces. Only 200s count. Exit 0 when the target is met, 3 when not.
var options = Args.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients }) { BaseAddress = new Uri(options.Url) };
http.DefaultRequestHeaders.Add("X-Api-Key", options.Key);
var bodies = new SpanBodies(options.Batch);

Console.WriteLine($"# OTLP span ingest, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine();
Console.WriteLine($"{Environment.ProcessorCount} cores; {options.Clients} clients, {options.Batch} spans per request (protobuf), " +
    $"{options.Warmup} s warm-up, {options.Duration} s measured per endpoint");
Console.WriteLine();
Console.WriteLine("| endpoint | spans/s | requests/s | p50 ack | p99 ack | 429 / other errors |");
Console.WriteLine("|---|---:|---:|---:|---:|---|");
var (decodeMicros, mapMicros) = DecodeAndMapCost();
var noop = await Phase("/v1/traces/noop");
var real = await Phase("/v1/traces");
var ratio = noop.SpansPerSecond > 0 ? real.SpansPerSecond / noop.SpansPerSecond : 0;
Console.WriteLine();
Console.WriteLine($"- The receiver's own work, in this process on the same body: protobuf decoding {decodeMicros:0.00} µs and " +
    $"mapping to spans (ids, attribute/resource/scope JSON, validation) {mapMicros:0.00} µs per span; the rest of a span's cost is the " +
    "write-ahead log and SQLite, shared with /ingest.");
Console.WriteLine($"- /v1/traces: {real.SpansPerSecond:N0} spans/s, {ratio:P1} of the no-op endpoint; " +
    $"target ≥ {options.Target:N0} spans/s: **{(real.SpansPerSecond >= options.Target ? "met" : "missed")}**");
return real.SpansPerSecond >= options.Target ? 0 : 3;

async Task<Result> Phase(string path)
{
    await Load(path, TimeSpan.FromSeconds(options.Warmup));
    var result = await Load(path, TimeSpan.FromSeconds(options.Duration));
    Console.WriteLine($"| `POST {path}` | {result.SpansPerSecond:N0} | {result.RequestsPerSecond:N1} | {result.P50:0.0} ms | {result.P99:0.0} ms | {result.Saturated} / {result.Errors} |");
    return result;
}

async Task<Result> Load(string path, TimeSpan duration)
{
    var latencies = new List<double>[options.Clients];
    var saturated = 0;
    var errors = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async c =>
    {
        var mine = latencies[c] = [];
        while (clock.Elapsed < duration)
        {
            var content = new ByteArrayContent(bodies.Next());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync(path, content);
            await response.Content.ReadAsByteArrayAsync();
            if (response.IsSuccessStatusCode)
            {
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else if ((int)response.StatusCode == 429)
            {
                Interlocked.Increment(ref saturated);
            }
            else
            {
                Interlocked.Increment(ref errors);
            }
        }
    }));
    var elapsed = clock.Elapsed.TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
    return new Result(all.Length * options.Batch / elapsed, all.Length / elapsed, Percentile(0.50), Percentile(0.99), saturated, errors);
}

(double DecodeMicros, double MapMicros) DecodeAndMapCost()
{
    var mapper = new HmsOps.Core.Otlp.OtlpTraceMapper(new HmsOps.Core.Ingest.IngestLimits());
    var body = bodies.Next();
    const int Rounds = 200;
    var decode = TimeSpan.Zero;
    var map = TimeSpan.Zero;
    for (var i = 0; i < Rounds + 20; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var request = HmsOps.Core.Otlp.Proto.Collector.ExportTraceServiceRequest.Parser.ParseFrom(body);
        var decoded = Stopwatch.GetTimestamp();
        mapper.Map(request, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        if (i >= 20) // the first rounds warm the JIT up
        {
            decode += Stopwatch.GetElapsedTime(started, decoded);
            map += Stopwatch.GetElapsedTime(decoded);
        }
    }
    var spans = (double)Rounds * options.Batch;
    return (decode.TotalMicroseconds / spans, map.TotalMicroseconds / spans);
}

internal sealed record Result(double SpansPerSecond, double RequestsPerSecond, double P50, double P99, int Saturated, int Errors);

internal sealed record Args(string Url, string Key, int Clients, int Batch, int Duration, int Warmup, double Target)
{
    public static Args Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new Args(Get("--url", "http://127.0.0.1:5091"), Get("--key", "bench-key"), Int("--clients", 4), Int("--batch", 1000),
            Int("--duration", 20), Int("--warmup", 3), double.Parse(Get("--min-spans-per-second", "100000"), CultureInfo.InvariantCulture));
    }
}
