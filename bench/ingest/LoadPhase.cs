using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace HmsOps.Bench.Ingest;

/// <summary>One acknowledged request: which client, when it started (ms into the window) and how long it took.</summary>
public readonly record struct AcceptedRequest(int Client, double StartMs, double LatencyMs);

/// <summary>What one endpoint did in the measured window.</summary>
public sealed record PhaseResult(
    string Endpoint, TimeSpan Window, long AcceptedRequests, long AcceptedEvents, long TooManyRequests,
    IReadOnlyDictionary<string, long> OtherErrors, double[] LatenciesMs, CpuUse Cpu, IReadOnlyList<AcceptedRequest> Timeline)
{
    public double EventsPerSecond => AcceptedEvents / Window.TotalSeconds;
    public double RequestsPerSecond => AcceptedRequests / Window.TotalSeconds;
    public long OtherErrorCount => OtherErrors.Values.Sum();

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }
        // Nearest rank on the sorted latencies.
        var rank = (int)Math.Ceiling(p / 100 * LatenciesMs.Length);
        return LatenciesMs[Math.Clamp(rank - 1, 0, LatenciesMs.Length - 1)];
    }
}

/// <summary>
/// N clients, each sending its own pre-generated bodies back to back over one keep-alive connection:
/// a warm-up that is not counted, then the measured window. A request counts when it started and
/// got its answer inside the window; only 202 counts as accepted. On 429 a client waits Retry-After
/// (capped at what is left of the run), as a well-behaved shipper would.
/// </summary>
public sealed class LoadPhase(HttpClient http, BenchOptions options, BatchBody[][] bodies, TimeProvider time)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private int _stampSequence;

    public async Task<PhaseResult> RunAsync(string name, string path, CpuSampler cpu, CancellationToken cancellation)
    {
        var uri = new Uri(options.Url, path);
        var measureFrom = Stopwatch.GetTimestamp() + ToTicks(options.Warmup);
        var measureTo = measureFrom + ToTicks(options.Duration);
        var startCpu = Task.Delay(options.Warmup, time, cancellation).ContinueWith(_ => cpu.Take(), TaskScheduler.Default);
        var tallies = await Task.WhenAll(Enumerable.Range(0, options.Clients)
            .Select(client => Task.Run(() => ClientAsync(client, uri, measureFrom, measureTo, cancellation), cancellation)));
        var used = cpu.Since(await startCpu);

        var timeline = tallies.SelectMany(t => t.Timeline).OrderBy(r => r.StartMs).ToArray();
        var latencies = timeline.Select(r => r.LatencyMs).ToArray();
        Array.Sort(latencies);
        var other = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in tallies.SelectMany(t => t.Other))
        {
            other[reason] = other.GetValueOrDefault(reason) + count;
        }
        return new PhaseResult(name, options.Duration, tallies.Sum(t => t.Requests), tallies.Sum(t => t.Events),
            tallies.Sum(t => t.TooMany), other, latencies, used, timeline);
    }

    private async Task<ClientTally> ClientAsync(int client, Uri uri, long measureFrom, long measureTo, CancellationToken cancellation)
    {
        var tally = new ClientTally();
        var own = bodies[client];
        for (var sent = 0; !cancellation.IsCancellationRequested; sent++)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= measureTo)
            {
                break;
            }
            var body = own[sent % own.Length];
            body.Refresh(NextStamp(client), time.GetUtcNow().ToUnixTimeMilliseconds());
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body.Bytes) };
            request.Content.Headers.ContentType = Json;
            HttpStatusCode? status = null;
            TimeSpan? retryAfter = null;
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation);
                status = response.StatusCode;
                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (HttpRequestException ex)
            {
                tally.Count(measureFrom, measureTo, started, "transport: " + (ex.HttpRequestError.ToString()));
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellation);
                continue;
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                tally.Count(measureFrom, measureTo, started, "timeout");
                continue;
            }

            var finished = Stopwatch.GetTimestamp();
            var counted = started >= measureFrom && finished <= measureTo;
            switch (status)
            {
                case HttpStatusCode.Accepted when counted:
                    tally.Requests++;
                    tally.Events += body.Events;
                    tally.Timeline.Add(new AcceptedRequest(client, Stopwatch.GetElapsedTime(measureFrom, started).TotalMilliseconds,
                        Stopwatch.GetElapsedTime(started, finished).TotalMilliseconds));
                    break;
                case HttpStatusCode.Accepted:
                    break;
                case HttpStatusCode.TooManyRequests:
                    if (counted)
                    {
                        tally.TooMany++;
                    }
                    var wait = Min(retryAfter ?? TimeSpan.FromSeconds(1), Stopwatch.GetElapsedTime(finished, measureTo));
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, time, cancellation);
                    }
                    break;
                default:
                    tally.Count(measureFrom, measureTo, started, ((int)status!).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
        return tally;
    }

    /// <summary>Unique per request across clients: 8 bits of client, 24 bits of sequence.</summary>
    private uint NextStamp(int client) => ((uint)client << 24) | ((uint)Interlocked.Increment(ref _stampSequence) & 0xFFFFFF);

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class ClientTally
    {
        public long Requests;
        public long Events;
        public long TooMany;
        public List<AcceptedRequest> Timeline { get; } = new(16_384);
        public Dictionary<string, long> Other { get; } = new(StringComparer.Ordinal);

        public void Count(long from, long to, long started, string reason)
        {
            if (started >= from && started < to)
            {
                Other[reason] = Other.GetValueOrDefault(reason) + 1;
            }
        }
    }
}
