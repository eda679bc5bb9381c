using System.Diagnostics;
using System.Globalization;

namespace HmsOps.Bench.Ingest;

/// <summary>CPU use over a window, in percent of one core (so 200 % is both cores of a 2-core machine).</summary>
public sealed record CpuUse(double BenchPercent, double? ServerPercent, double? MachineBusyPercent);

/// <summary>Reads CPU time of this process, of the console (from /proc/PID/stat) and of the whole machine (/proc/stat).</summary>
public sealed class CpuSampler(int? serverPid)
{
    // USER_HZ: the unit of /proc's tick counts; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public sealed record Sample(long Timestamp, TimeSpan Bench, double? ServerSeconds, (double Busy, double Total)? Machine);

    public Sample Take()
    {
        using var self = Process.GetCurrentProcess();
        return new Sample(Stopwatch.GetTimestamp(), self.TotalProcessorTime, ServerSeconds(), Machine());
    }

    public CpuUse Since(Sample start)
    {
        var end = Take();
        var wall = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        double? server = start.ServerSeconds is { } s0 && end.ServerSeconds is { } s1 ? 100 * (s1 - s0) / wall : null;
        double? machine = start.Machine is { } m0 && end.Machine is { } m1 && m1.Total > m0.Total
            ? 100 * Environment.ProcessorCount * (m1.Busy - m0.Busy) / (m1.Total - m0.Total)
            : null;
        return new CpuUse(100 * (end.Bench - start.Bench).TotalSeconds / wall, server, machine);
    }

    private double? ServerSeconds()
    {
        if (serverPid is not { } pid)
        {
            return null;
        }
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces; utime and stime are fields 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static (double Busy, double Total)? Machine()
    {
        try
        {
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = cpu.Skip(1).Take(8).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var idle = values[3] + values[4]; // idle + iowait
            return (values.Sum() - idle, values.Sum());
        }
        catch (IOException)
        {
            return null;
        }
    }
}
