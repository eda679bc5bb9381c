using HmsOps.Core.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Demo;

/// <summary>Drives <see cref="DemoTraffic"/> every tick through the same parser and pipeline as /ingest.</summary>
public sealed class DemoFleet(
    DemoOptions options,
    FaultSwitch faults,
    DemoFleetState fleet,
    IngestParser parser,
    IngestPipeline pipeline,
    TimeProvider time,
    ILogger<DemoFleet> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var fault in options.Faults)
        {
            faults.Set(fault);
        }
        var traffic = new DemoTraffic(options, new Random(), fleet.Split);
        using var timer = new PeriodicTimer(options.TickInterval, time);
        do
        {
            var now = time.GetUtcNow();
            var body = traffic.Generate(now, options.TickInterval, faults.For);
            if (body.Length == 0)
            {
                continue;
            }
            var parsed = parser.Parse(body, IngestFormat.NdJson, now);
            if (!parsed.Succeeded)
            {
                logger.LogError("Demo fleet produced invalid events: {Error}", parsed.Errors[0]);
                continue;
            }
            var outcome = await pipeline.SubmitAsync(parsed.Events).ConfigureAwait(false);
            if (outcome.Status != IngestStatus.Accepted)
            {
                logger.LogWarning("Demo fleet batch not ingested: {Status} {Detail}", outcome.Status,
                    outcome.Detail ?? string.Join("; ", outcome.Errors));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
