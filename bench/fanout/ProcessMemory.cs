using System.Globalization;

namespace HmsOps.Bench.Fanout;

/// <summary>Resident memory of a process from /proc/PID/status (VmRSS), in MiB; null when it cannot be read.</summary>
public static class ProcessMemory
{
    public static double? ResidentMiB(int? pid)
    {
        if (pid is not { } id)
        {
            return null;
        }
        try
        {
            var line = File.ReadLines($"/proc/{id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return kilobytes is null ? null : long.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
