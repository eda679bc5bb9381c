using System.Globalization;

namespace HmsOps.Bench.Ingest;

public enum Verdict
{
    Met,
    Missed,
    NotApplicable,
    Broken,
}

/// <summary>The Markdown table, the ratio, the machine and the verdict against the issue's targets.</summary>
public static class Report
{
    public static Verdict Write(TextWriter output, BenchOptions options, IReadOnlyList<PhaseResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"### Ingest benchmark: {options.Clients} clients x {options.BatchSize} events per request, mix {options.Mix.ToString().ToLowerInvariant()}, {options.Duration.TotalSeconds:0} s after {options.Warmup.TotalSeconds:0} s warm-up"));
        output.WriteLine();
        output.WriteLine("| endpoint | events/s | requests/s | p50 ms | p99 ms | errors (429 / other) | console CPU | console CPU µs/event | bench CPU | other processes' CPU |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var other = r.OtherErrors.Count == 0 ? "0" : string.Join(", ", r.OtherErrors.Select(e => $"{e.Key}: {e.Value}"));
            output.WriteLine(string.Create(c,
                $"| POST /{(r.Endpoint == "noop" ? "ingest/noop" : "ingest")} | {r.EventsPerSecond:N0} | {r.RequestsPerSecond:N1} | " +
                $"{r.Percentile(50):0.0} | {r.Percentile(99):0.0} | {r.TooManyRequests} / {other} | " +
                $"{Percent(r.Cpu.ServerPercent)} | {MicrosPerEvent(r)} | {Percent(r.Cpu.BenchPercent)} | {Percent(Others(r.Cpu))} |"));
        }
        output.WriteLine();
        output.WriteLine("CPU columns are percent of one core; this machine has " + Environment.ProcessorCount.ToString(c) + " (" + (100 * Environment.ProcessorCount).ToString(c) + " % is all of them).");
        var busiest = results.Max(r => Others(r.Cpu) ?? 0);
        if (busiest >= ContendedPercent)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c,
                $"**Contended run:** other processes used up to {busiest:0} % CPU while this ran, so the events/s above are lower than this machine does alone. Console CPU µs/event depends on it less, but rises too (spinning, preemption, cold caches)."));
        }
        output.WriteLine();

        var ingest = results.FirstOrDefault(r => r.Endpoint == "ingest");
        var noop = results.FirstOrDefault(r => r.Endpoint == "noop");
        double? ratio = ingest is not null && noop is { EventsPerSecond: > 0 } ? ingest.EventsPerSecond / noop.EventsPerSecond : null;
        if (ratio is { } value)
        {
            output.WriteLine(string.Create(c, $"Ratio ingest / no-op: {value:P1} ({ingest!.EventsPerSecond:N0} / {noop!.EventsPerSecond:N0} events/s)"));
        }
        output.WriteLine("Machine: " + MachineInfo.Describe());

        if (results.Any(r => r.AcceptedRequests == 0))
        {
            output.WriteLine("Targets: not judged: an endpoint accepted nothing in the window");
            return Verdict.Broken;
        }
        if (ingest is null)
        {
            output.WriteLine("Targets: not judged (no /ingest run)");
            return Verdict.NotApplicable;
        }
        var throughputMet = ingest.EventsPerSecond >= options.MinEventsPerSecond;
        var ratioMet = ratio is null || ratio >= options.MinNoopRatio;
        var ratioPart = ratio is null
            ? "ratio not measured (no no-op run)"
            : string.Create(c, $">= {options.MinNoopRatio:P0} of no-op: {(ratioMet ? "met" : "MISSED")}");
        output.WriteLine(string.Create(c,
            $"Targets: /ingest >= {options.MinEventsPerSecond:N0} events/s: {(throughputMet ? "met" : "MISSED")}; {ratioPart}"));
        return throughputMet && ratioMet ? Verdict.Met : Verdict.Missed;
    }

    /// <summary>Other processes' CPU above this (percent of one core) marks the run as contended.</summary>
    private const double ContendedPercent = 20;

    private static double? Others(CpuUse cpu) =>
        cpu.MachineBusyPercent is { } busy && cpu.ServerPercent is { } server ? Math.Max(0, busy - server - cpu.BenchPercent) : null;

    private static string MicrosPerEvent(PhaseResult r) =>
        r.Cpu.ServerPercent is { } server && r.AcceptedEvents > 0
            ? (server / 100 * r.Window.TotalSeconds * 1e6 / r.AcceptedEvents).ToString("0.0", CultureInfo.InvariantCulture)
            : "n/a";

    private static string Percent(double? value) =>
        value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + " %" : "n/a";
}
