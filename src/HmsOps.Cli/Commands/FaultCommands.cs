using System.CommandLine;
using System.Text.Json;

namespace HmsOps.Cli.Commands;

/// <summary><c>hms-ops fault set|clear|list</c>: the demo fleet's fault switch, for rehearsing an outage.</summary>
public static class FaultCommands
{
    public static Command Create()
    {
        var fault = new Command("fault", "Inject latency or errors into a demo service, or clear it");
        fault.Subcommands.Add(Set());
        fault.Subcommands.Add(Clear());
        fault.Subcommands.Add(List());
        return fault;
    }

    private static Command Set()
    {
        var service = new Argument<string>("service") { Description = "ach-svc, api-gw or claims-api" };
        var latency = new Option<double>("--latency-ms") { Description = "Added latency per request in milliseconds" };
        var errorRate = new Option<double>("--error-rate") { Description = "Share of requests that fail, 0 to 1" };
        var duration = new Option<double>("--duration-seconds") { Description = "How long the fault lasts", DefaultValueFactory = _ => 600 };
        var command = new Command("set", "Start a fault") { service, latency, errorRate, duration };
        command.SetAction(async (result, ct) =>
        {
            using var api = GlobalOptions.Api(result);
            var body = ConsoleApi.Json(new
            {
                service = result.GetValue(service),
                latencyMs = result.GetValue(latency),
                errorRate = result.GetValue(errorRate),
                durationSeconds = result.GetValue(duration),
            });
            return await api.SendAsync(HttpMethod.Post, "/api/demo/faults", body, json =>
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                return $"fault on {root.GetProperty("service").GetString()}: +{root.GetProperty("latencyMs").GetDouble()} ms, " +
                    $"error rate {root.GetProperty("errorRate").GetDouble():P0}, until {root.GetProperty("until").GetDateTimeOffset():u}";
            }, ct);
        });
        return command;
    }

    private static Command Clear()
    {
        var service = new Argument<string>("service") { Description = "ach-svc, api-gw or claims-api" };
        var command = new Command("clear", "End a fault now") { service };
        command.SetAction(async (result, ct) =>
        {
            using var api = GlobalOptions.Api(result);
            var name = result.GetValue(service)!;
            return await api.SendAsync(HttpMethod.Delete, "/api/demo/faults/" + Uri.EscapeDataString(name), null, _ => $"fault on {name} cleared", ct);
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "Show the faults in force");
        command.SetAction(async (result, ct) =>
        {
            using var api = GlobalOptions.Api(result);
            return await api.SendAsync(HttpMethod.Get, "/api/demo/faults", null, json =>
            {
                using var document = JsonDocument.Parse(json);
                var lines = document.RootElement.EnumerateArray()
                    .Select(f => $"{f.GetProperty("service").GetString()}: +{f.GetProperty("latencyMs").GetDouble()} ms, " +
                        $"error rate {f.GetProperty("errorRate").GetDouble():P0}, until {f.GetProperty("until").GetDateTimeOffset():u}")
                    .ToArray();
                return lines.Length == 0 ? "no faults in force" : string.Join(Environment.NewLine, lines);
            }, ct);
        });
        return command;
    }
}
