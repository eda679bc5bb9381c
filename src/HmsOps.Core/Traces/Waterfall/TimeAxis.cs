using System.Globalization;

namespace HmsOps.Core.Traces.Waterfall;

/// <summary>A labelled tick on the waterfall's time axis, <see cref="Offset"/> a fraction of the trace.</summary>
public readonly record struct TimeTick(double Offset, long Micros, string Label);

/// <summary>Time-axis ticks at 1, 2 or 5 × a power of ten, labelled in the unit that step reads best in.</summary>
public static class TimeAxis
{
    public const int TargetTicks = 6;

    public static IReadOnlyList<TimeTick> Ticks(long durationMicros, int target = TargetTicks)
    {
        if (durationMicros <= 0)
        {
            return [new TimeTick(0, 0, "0")];
        }
        var step = NiceStep((double)durationMicros / Math.Max(1, target));
        var (unit, suffix) = step switch
        {
            < 1_000 => (1L, "µs"),
            < 1_000_000 => (1_000L, "ms"),
            _ => (1_000_000L, "s"),
        };
        var ticks = new List<TimeTick>();
        for (long micros = 0; micros <= durationMicros; micros += step)
        {
            var label = micros == 0 ? "0" : (micros / (double)unit).ToString("0.###", CultureInfo.InvariantCulture) + suffix;
            ticks.Add(new TimeTick((double)micros / durationMicros, micros, label));
        }
        return ticks;
    }

    internal static long NiceStep(double raw)
    {
        if (raw <= 1)
        {
            return 1;
        }
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalised = raw / magnitude;
        var nice = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10;
        return (long)Math.Round(nice * magnitude);
    }

    /// <summary>A duration as people read it: 850µs, 12.4ms, 1.52s, 2m 05s.</summary>
    public static string FormatDuration(long micros)
    {
        var c = CultureInfo.InvariantCulture;
        return micros switch
        {
            < 1_000 => micros.ToString(c) + "µs",
            < 1_000_000 => (micros / 1_000d).ToString(micros < 10_000 ? "0.##" : micros < 100_000 ? "0.#" : "0", c) + "ms",
            < 60_000_000 => (micros / 1_000_000d).ToString("0.##", c) + "s",
            _ => $"{micros / 60_000_000}m {micros / 1_000_000 % 60:00}s",
        };
    }
}
