using System.CommandLine;
using HmsOps.Bench.Fanout;

var url = new Option<Uri>("--url")
{
    Description = "The console's base address",
    DefaultValueFactory = _ => new Uri("http://127.0.0.1:5091"),
    CustomParser = result =>
    {
        var text = result.Tokens.Single().Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }
        result.AddError($"--url must be an absolute http(s) address, not '{text}'");
        return null;
    },
};
var clients = new Option<int>("--clients") { Description = "Hub connections, each subscribed to the radar queries", DefaultValueFactory = _ => 200 };
var refresh = new Option<double>("--refresh") { Description = "Refresh of every subscription, in seconds", DefaultValueFactory = _ => 1 };
var duration = new Option<int>("--duration") { Description = "Measured seconds", DefaultValueFactory = _ => 30 };
var warmup = new Option<int>("--warmup") { Description = "Unmeasured seconds after subscribing", DefaultValueFactory = _ => 5 };
var serverPid = new Option<int?>("--server-pid") { Description = "The console's process id, to report its CPU and memory" };

clients.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--clients must be at least 1"); } });
duration.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--duration must be at least 1"); } });
warmup.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--warmup must not be negative"); } });
refresh.Validators.Add(r => { if (r.GetValueOrDefault<double>() < 1) { r.AddError("--refresh must be at least 1 (the console's Live:MinRefresh)"); } });

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
