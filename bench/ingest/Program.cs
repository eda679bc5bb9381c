using System.CommandLine;
using HmsOps.Bench.Ingest;

var url = BenchCli.UrlOption(defaultPort: 5090);
var key = new Option<string>("--key")
{
    Description = "An ingest API key (X-Api-Key)",
    DefaultValueFactory = _ => "demo-ingest-key",
};
var duration = new Option<int>("--duration") { Description = "Measured seconds per endpoint", DefaultValueFactory = _ => 30 };
var warmup = new Option<int>("--warmup") { Description = "Unmeasured seconds before each measurement", DefaultValueFactory = _ => 3 };
var clients = new Option<int>("--clients") { Description = "Concurrent clients (and connections)", DefaultValueFactory = _ => 4 };
var batch = new Option<int>("--batch") { Description = "Events per request", DefaultValueFactory = _ => 500 };
var mix = new Option<EventMix>("--mix")
{
    Description = "metrics, logs, spans, or mixed (histograms, counters, gauges, logs with trace ids, spans)",
    DefaultValueFactory = _ => EventMix.Mixed,
};
var endpoint = new Option<EndpointChoice>("--endpoint")
{
    Description = "ingest, noop (POST /ingest/noop, needs Ingest:NoopEndpoint=true) or both",
    DefaultValueFactory = _ => EndpointChoice.Both,
};
var serverPid = new Option<int?>("--server-pid") { Description = "The console's process id, to report its CPU use" };
var latencyCsv = new Option<FileInfo?>("--latency-csv") { Description = "Also write every acknowledged request (endpoint, client, start ms, latency ms) to this CSV file" };
var minEvents = new Option<double>("--min-events-per-second") { Description = "Target for /ingest", DefaultValueFactory = _ => 50_000 };
var minRatio = new Option<double>("--min-noop-ratio") { Description = "Target for /ingest over /ingest/noop", DefaultValueFactory = _ => 0.30 };

duration.MustBeAtLeast(1);
clients.MustBeAtLeast(1);
batch.MustBeAtLeast(1);
warmup.MustNotBeNegative();

var root = new RootCommand("Sustained POST /ingest throughput and acknowledgement latency against a running HMS-OPS console")
{
    url, key, duration, warmup, clients, batch, mix, endpoint, serverPid, latencyCsv, minEvents, minRatio,
};
root.SetAction((result, cancellation) => IngestBenchmark.RunAsync(new BenchOptions
{
    Url = result.GetValue(url)!,
    ApiKey = result.GetValue(key)!,
    Duration = TimeSpan.FromSeconds(result.GetValue(duration)),
    Warmup = TimeSpan.FromSeconds(result.GetValue(warmup)),
    Clients = result.GetValue(clients),
    BatchSize = result.GetValue(batch),
    Mix = result.GetValue(mix),
    Endpoint = result.GetValue(endpoint),
    ServerPid = result.GetValue(serverPid),
    LatencyCsv = result.GetValue(latencyCsv),
    MinEventsPerSecond = result.GetValue(minEvents),
    MinNoopRatio = result.GetValue(minRatio),
}, TimeProvider.System, cancellation));
return await root.Parse(args).InvokeAsync();
