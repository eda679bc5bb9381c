using System.Runtime.InteropServices;

namespace HmsOps.Bench.Ingest;

/// <summary>The line that says what the figures were measured on.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var model = TryRead("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = TryRead("/proc/meminfo", "MemTotal") is { } total && total.EndsWith(" kB", StringComparison.Ordinal)
            && long.TryParse(total[..^3], System.Globalization.CultureInfo.InvariantCulture, out var kilobytes)
                ? (kilobytes / 1024.0 / 1024.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " GiB"
                : null;
        return $"nproc {Environment.ProcessorCount}, CPU {model}" +
            (memory is null ? "" : $", memory {memory}") +
            $", {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }

    private static string? TryRead(string path, string key)
    {
        try
        {
            return File.ReadLines(path)
                .Where(line => line.StartsWith(key, StringComparison.Ordinal))
                .Select(line => line[(line.IndexOf(':') + 1)..].Trim())
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
