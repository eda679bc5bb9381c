using System.CommandLine;
using HmsOps.Bench.Fanout;
using HmsOps.Bench.Ingest;

var url = BenchCli.UrlOption(defaultPort: 5091);
var clients = new Option<int>("--clients") { Description = "Hub connections, each subscribed to the radar queries", DefaultValueFactory = _ => 200 };
var refresh = new Option<double>("--refresh") { Description = "Refresh of every subscription, in seconds", DefaultValueFactory = _ => 1 };
var duration = new Option<int>("--duration") { Description = "Measured seconds", DefaultValueFactory = _ => 30 };
var warmup = new Option<int>("--warmup") { Description = "Unmeasured seconds after subscribing", DefaultValueFactory = _ => 5 };
var serverPid = new Option<int?>("--server-pid") { Description = "The console's process id, to report its CPU and memory" };

clients.MustBeAtLeast(1);
duration.MustBeAtLeast(1);
warmup.MustNotBeNegative();
refresh.MustBeAtLeast(1, " (the console's Live:MinRefresh)");

var root = new RootCommand("Live-query fan-out: many /hubs/metrics clients subscribed to the radar queries of a running console")
{
    url, clients, refresh, duration, warmup, serverPid,
};
root.SetAction(async (result, cancellation) =>
{
    try
    {
        return await FanoutBenchmark.RunAsync(new FanoutOptions
        {
            Url = result.GetValue(url)!,
            Clients = result.GetValue(clients),
            RefreshSeconds = result.GetValue(refresh),
            Duration = TimeSpan.FromSeconds(result.GetValue(duration)),
            Warmup = TimeSpan.FromSeconds(result.GetValue(warmup)),
            ServerPid = result.GetValue(serverPid),
        }, TimeProvider.System, cancellation);
    }
    catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or Microsoft.AspNetCore.SignalR.HubException)
    {
        await Console.Error.WriteLineAsync($"bench fanout: could not run: {ex.Message}");
        return 2;
    }
});
return await root.Parse(args).InvokeAsync();
